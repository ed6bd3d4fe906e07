import type {
  AllMiddlewareArgs,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import { notSavedModal } from './not-saved-modal.ts';
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

/**
 * The errors ioredis and BullMQ raise when Redis is down or the connection dropped mid-command. Only
 * these: a refused connection to Slack or Salesforce inside a handler is not a database outage, and
 * telling the person it was would be a lie.
 */
const REDIS_ERROR_PATTERNS = [
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /max retries per request/i,
  // A Cluster client between slot maps (REDIS_CLUSTER=1), e.g. a producer with no offline queue.
  /Cluster isn't ready/i,
];

export function isStoreUnavailable(error: unknown): boolean {
  const err = error as { name?: string; message?: string } | undefined;
  if (!err) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  return REDIS_ERROR_PATTERNS.some((pattern) => pattern.test(err.message ?? ''));
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

/** How one kind of listener answers when bullpen's database is out of reach. */
interface Refusal<A> {
  /** Redis is known to be down: answer without running the listener; false runs it after all. */
  before(raw: A): Promise<boolean>;
  /** The listener's Redis call failed: answer, knowing whether it had acked; false rethrows. */
  after(raw: A, acked: boolean): Promise<boolean>;
}

function guarded<A extends { ack: unknown }>(
  storeReady: () => boolean,
  handler: (args: A) => Promise<void>,
  refusal: Refusal<A>,
): (args: A) => Promise<void> {
  return async (raw) => {
    if (!storeReady() && (await refusal.before(raw))) return;
    const { args, acked } = trackAck(raw);
    try {
      await handler(args);
    } catch (error) {
      if (!isStoreUnavailable(error) || !(await refusal.after(raw, acked()))) throw error;
    }
  };
}

const commandAnswer = ({ command }: CommandArgs) => ({
  response_type: 'ephemeral' as const,
  text: command.text.trim()
    ? `${STORE_UNREACHABLE}\n${youSent(command.command, command.text)}`
    : STORE_UNREACHABLE,
});

export const guardCommand = (storeReady: () => boolean, handler: (args: CommandArgs) => Promise<void>) =>
  guarded(storeReady, handler, {
    before: async (raw) => {
      await raw.ack(commandAnswer(raw));
      return true;
    },
    after: async (raw, acked) => {
      if (acked) await raw.respond(commandAnswer(raw));
      else await raw.ack(commandAnswer(raw));
      return true;
    },
  });

/** Ack if not yet, then tell: for clicks and shortcuts, whose ack carries no message. */
function ackThenTell<A extends { ack: () => Promise<void> }>(tell: (raw: A) => Promise<unknown>): Refusal<A> {
  return {
    before: async (raw) => {
      await raw.ack();
      await tell(raw);
      return true;
    },
    after: async (raw, acked) => {
      if (!acked) await raw.ack();
      await tell(raw);
      return true;
    },
  };
}

export const guardAction = (storeReady: () => boolean, handler: (args: ActionArgs) => Promise<void>) =>
  guarded(
    storeReady,
    handler,
    // An ephemeral note keeps the message the person clicked as it was, buttons included.
    ackThenTell<ActionArgs>((raw) =>
      raw.respond({ response_type: 'ephemeral', replace_original: false, text: STORE_UNREACHABLE }),
    ),
  );

const unreachableModal = notSavedModal(STORE_UNREACHABLE);
const pushUnreachable = { response_action: 'push' as const, view: unreachableModal };

export const guardView = (storeReady: () => boolean, handler: (args: ViewArgs) => Promise<void>) =>
  guarded(storeReady, handler, {
    before: async (raw) => {
      if (raw.body.type !== 'view_submission') return false;
      await raw.ack(pushUnreachable as never);
      return true;
    },
    after: async (raw, acked) => {
      if (acked) return false;
      await raw.ack(pushUnreachable as never);
      return true;
    },
  });

export const guardShortcut = (storeReady: () => boolean, handler: (args: ShortcutArgs) => Promise<void>) =>
  guarded(
    storeReady,
    handler,
    ackThenTell<ShortcutArgs>((raw) =>
      raw.client.views.open({ trigger_id: raw.shortcut.trigger_id, view: unreachableModal }),
    ),
  );
