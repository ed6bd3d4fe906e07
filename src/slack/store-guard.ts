import type {
  AllMiddlewareArgs,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import { youSent } from './you-sent.ts';

/**
 * When Redis (bullpen's database and job queue) is out of reach, a person's command must not wait
 * on it: they hear at once that nothing was changed, with what they typed quoted back, instead of a
 * spinner, a timeout or a half-done change. Two gates: before a handler runs (the connection is known
 * to be down) and around it (it went down while the handler ran, and the handler's Redis call failed
 * fast).
 */

export const STORE_UNREACHABLE =
  "bullpen can't reach its database right now, so nothing was changed. Please try again in a minute.";

const REDIS_ERROR_PATTERNS = [
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /max retries per request/i,
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/,
  /connect ETIMEDOUT/i,
];

/** Errors ioredis and BullMQ raise when Redis is down or the connection dropped mid-command. */
export function isStoreUnavailable(error: unknown): boolean {
  const err = error as { name?: string; message?: string; code?: string } | undefined;
  if (!err) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  const text = `${err.code ?? ''} ${err.message ?? ''}`;
  return REDIS_ERROR_PATTERNS.some((pattern) => pattern.test(text));
}

type Ack = (reply?: never) => Promise<void>;

/** Wraps a listener's ack so the guard knows whether Slack has had its answer yet. */
function trackAck<A extends { ack: unknown }>(args: A): { args: A; acked: () => boolean } {
  let acked = false;
  const ack = args.ack as (...params: unknown[]) => Promise<void>;
  const tracked = async (...params: unknown[]): Promise<void> => {
    acked = true;
    await ack(...params);
  };
  return { args: { ...args, ack: tracked as unknown as Ack }, acked: () => acked };
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ActionArgs = SlackActionMiddlewareArgs<SlackAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type ShortcutArgs = SlackShortcutMiddlewareArgs<SlackShortcut> & AllMiddlewareArgs;

export function guardCommand(
  storeReady: () => boolean,
  handler: (args: CommandArgs) => Promise<void>,
): (args: CommandArgs) => Promise<void> {
  return async (raw) => {
    const { command } = raw;
    const text = command.text.trim()
      ? `${STORE_UNREACHABLE}\n${youSent(command.command, command.text)}`
      : STORE_UNREACHABLE;
    const answer = { response_type: 'ephemeral' as const, text };
    if (!storeReady()) {
      await raw.ack(answer);
      return;
    }
    const { args, acked } = trackAck(raw);
    try {
      await handler(args);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      if (acked()) await raw.respond(answer);
      else await raw.ack(answer);
    }
  };
}

export function guardAction(
  storeReady: () => boolean,
  handler: (args: ActionArgs) => Promise<void>,
): (args: ActionArgs) => Promise<void> {
  const tell = async (args: ActionArgs): Promise<void> => {
    // An ephemeral note keeps the message the person clicked as it was, buttons included.
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: STORE_UNREACHABLE });
  };
  return async (raw) => {
    if (!storeReady()) {
      await raw.ack();
      await tell(raw);
      return;
    }
    const { args, acked } = trackAck(raw);
    try {
      await handler(args);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      if (!acked()) await raw.ack();
      await tell(raw);
    }
  };
}

/** A small modal pushed over the form: closing it returns to the form with everything still typed in. */
const unreachableModal = {
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Not saved' },
  close: { type: 'plain_text' as const, text: 'Back to the form' },
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: STORE_UNREACHABLE } }],
};

export function guardView(
  storeReady: () => boolean,
  handler: (args: ViewArgs) => Promise<void>,
): (args: ViewArgs) => Promise<void> {
  return async (raw) => {
    const push = { response_action: 'push' as const, view: unreachableModal };
    if (!storeReady() && raw.body.type === 'view_submission') {
      await raw.ack(push as never);
      return;
    }
    const { args, acked } = trackAck(raw);
    try {
      await handler(args);
    } catch (error) {
      if (!isStoreUnavailable(error) || acked()) throw error;
      await raw.ack(push as never);
    }
  };
}

export function guardShortcut(
  storeReady: () => boolean,
  handler: (args: ShortcutArgs) => Promise<void>,
): (args: ShortcutArgs) => Promise<void> {
  const tell = async (args: ShortcutArgs): Promise<void> => {
    await args.client.views.open({ trigger_id: args.shortcut.trigger_id, view: unreachableModal });
  };
  return async (raw) => {
    if (!storeReady()) {
      await raw.ack();
      await tell(raw);
      return;
    }
    const { args, acked } = trackAck(raw);
    try {
      await handler(args);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      if (!acked()) await raw.ack();
      await tell(raw);
    }
  };
}
