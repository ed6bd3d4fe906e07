import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { Logger } from '../http/logger.ts';
import { postToResponseUrl } from './response-url.ts';

/**
 * A command or click whose answer needs bullpen's store: the web process only checks it, acks and
 * enqueues one of these; a worker computes the answer and posts it to the response_url. Reading the
 * store in the acking process is what made acks queue behind each other under load (bench acks).
 */
export const deferredReplySchema = z.object({
  userId: z.string().min(1),
  channelId: z.string(),
  text: z.string(),
  responseUrl: z.url(),
  /** When the person asked: a report answers for that moment, however long the job waited. */
  requestedAt: z.iso.datetime(),
});
export type DeferredReply = z.infer<typeof deferredReplySchema>;

/** The slash-command fields a deferred reply keeps (Slack always sends them with a command). */
const commandFieldsSchema = z.object({
  user_id: z.string().min(1),
  channel_id: z.string(),
  text: z.string(),
  response_url: z.url(),
});

/** The job data for a command, or null when Slack's payload lacks what the answer needs. */
export function deferredReplyOf(command: unknown, now = new Date()): DeferredReply | null {
  const parsed = commandFieldsSchema.safeParse(command);
  if (!parsed.success) return null;
  const { user_id, channel_id, text, response_url } = parsed.data;
  return {
    userId: user_id,
    channelId: channel_id,
    text,
    responseUrl: response_url,
    requestedAt: now.toISOString(),
  };
}

/**
 * One attempt: an answer computed twice could be posted twice, and a failure is told to the person
 * at once (as the in-process answer did) rather than after minutes of backoff. Nothing is kept
 * once done: the job's data holds a response_url, which is a credential for 30 minutes.
 */
export const DEFERRED_REPLY_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { age: 3600, count: 1_000 },
};

export interface DeferredReplyDeps {
  logger: Logger;
  config: { env: { SLACK_TIMEOUT_MS: number } };
}

/**
 * Runs in a worker: computes the answer and posts it to the request's response_url; when computing
 * fails, the person is told `failure` instead. True when Slack took the message.
 */
export async function answerDeferredReply(
  deps: DeferredReplyDeps,
  reply: DeferredReply,
  compute: () => Promise<object>,
  failure: object,
): Promise<boolean> {
  let message: object;
  try {
    message = await compute();
  } catch (error) {
    deps.logger.error({ err: error, user: reply.userId }, 'a deferred Slack answer failed');
    message = failure;
  }
  return postToResponseUrl(reply.responseUrl, message, deps.config.env.SLACK_TIMEOUT_MS, deps.logger);
}

/** The parts of Bolt's slash-command arguments a deferred command uses. */
interface CommandArgs {
  ack: (reply?: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  command: { command: string } & Record<string, unknown>;
  respond: (message: { response_type: 'ephemeral'; text: string }) => Promise<unknown>;
}

export interface DeferOptions {
  logger: Logger;
  /** Said when the job cannot be queued (Redis refused it). */
  failedText: string;
  /** Said in the ack while the worker works, when the answer may take a while. */
  holding?: string;
}

/**
 * Acks (with `holding` when given), then enqueues the job that answers through response_url. The
 * person hears `failedText` at once when it cannot be queued.
 */
export async function ackAndEnqueue(
  { ack, command, respond }: CommandArgs,
  enqueue: (reply: DeferredReply) => Promise<unknown>,
  options: DeferOptions,
): Promise<void> {
  await (options.holding ? ack({ response_type: 'ephemeral', text: options.holding }) : ack());
  const reply = deferredReplyOf(command);
  try {
    if (!reply) throw new Error(`${command.command} came without a user, channel or response_url`);
    await enqueue(reply);
  } catch (error) {
    options.logger.error({ err: error }, `${command.command} could not be queued`);
    await respond({ response_type: 'ephemeral', text: options.failedText });
  }
}

/** A slash command the web process only acks and enqueues; a worker answers. */
export const deferredCommandListener =
  (enqueue: (reply: DeferredReply) => Promise<unknown>, options: DeferOptions) =>
  (args: CommandArgs): Promise<void> =>
    ackAndEnqueue(args, enqueue, options);
