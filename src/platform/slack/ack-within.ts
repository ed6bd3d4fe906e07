import { settledWithin } from '../deadline.ts';

/**
 * Slack needs an acknowledgement within 3 seconds. Work that is usually quick (a few cached
 * look-ups) answers in the acknowledgement itself; when it is not done by the deadline, the person
 * gets a holding note right away and the real answer follows through response_url.
 */
export async function ackWithin<T, Reply>(
  deadlineMs: number,
  work: Promise<T>,
  reply: (result: T) => Reply,
  send: { ack: (reply: Reply) => Promise<void>; respond: (reply: Reply) => Promise<unknown> },
  holding: Reply,
): Promise<'in-ack' | 'via-response-url'> {
  const first = await settledWithin(work, deadlineMs);
  if (first.done) {
    await send.ack(reply(first.value));
    return 'in-ack';
  }
  await send.ack(holding);
  await send.respond(reply(await work));
  return 'via-response-url';
}
