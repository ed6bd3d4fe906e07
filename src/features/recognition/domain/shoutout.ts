import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A shout-out as stored and posted, and the rules about who, where and how many. */

export const shoutoutSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  recipients: z.array(z.string()).min(1),
  /** Safe mrkdwn, as posted. */
  text: z.string(),
  /** The text as typed (unescaped), for Chatter and exports. */
  plain: z.string(),
  style: z.enum(['executive', 'peer']),
  opportunityId: z.string().nullable(),
  channel: z.string(),
  /** Key of the Slack delivery that posted it; its record holds the message ts. */
  deliveryKey: z.string(),
  source: z.enum(['command', 'modal']),
  createdAt: z.string(),
  deletedAt: z.string().optional(),
  deletedBy: z.string().optional(),
});
export type Shoutout = z.infer<typeof shoutoutSchema>;

export const MAX_RECIPIENTS = 20;

export type ErrorField = 'recipients' | 'message' | 'opportunity';
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; field?: ErrorField };

/** The same request (trigger, view) always makes the same id, so a retried request posts once. */
export const shoutoutIdFor = (requestKey: string): string =>
  `so-${createHash('sha256').update(requestKey).digest('hex').slice(0, 10)}`;

export const shoutoutDeliveryKey = (id: string): string => `shoutout-${id}`;

export const NOT_ALLOWED =
  'Shout-outs from bullpen are for executives. Ask your manager or a sales leader to recognise great work, or thank your teammate in the channel.';

export interface ChannelRules {
  channel?: string | undefined;
  allowCurrentChannel: boolean;
}

/** The recognition channel, or the current one where the policy allows it (never a DM). */
export function targetChannel(rules: ChannelRules, sourceChannel: string | null): Outcome<string> {
  const current = sourceChannel && /^[CG]/.test(sourceChannel) ? sourceChannel : null;
  const configured = rules.channel ?? null;
  if (current && (rules.allowCurrentChannel || !configured)) return { ok: true, value: current };
  if (configured) return { ok: true, value: configured };
  return {
    ok: false,
    error:
      'No recognition channel is set up yet. Run `/shoutout` in a channel, or ask your bullpen admin to set `recognition.channel` in the policy file.',
  };
}

/** What is wrong with the list of recipients before anyone is looked up, or null. */
export function recipientListError(authorId: string, recipients: readonly string[]): string | null {
  if (recipients.length === 0) return 'Pick at least one person to recognise.';
  if (recipients.length > MAX_RECIPIENTS) {
    return `A shout-out can recognise up to ${MAX_RECIPIENTS} people at once.`;
  }
  if (recipients.length === 1 && recipients[0] === authorId) {
    return "Shout-outs are for recognising others, so you can't pick only yourself.";
  }
  return null;
}
