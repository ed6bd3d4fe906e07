import type { RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_USER_ID } from '../../../platform/slack/mentions.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import type { NudgesDeps } from '../deps.ts';
import type { ActionValue } from './blocks.ts';

/**
 * What the lead-action listeners share: the payloads they accept, how they answer the clicker
 * (ephemeral where Slack allows it, a DM from App Home), and the words they answer with.
 */

const slackUserId = z.string().regex(SLACK_USER_ID);

export const blockActionSchema = z
  .object({
    user: z.object({ id: slackUserId }),
    trigger_id: z.string().optional(),
    /** Present for clicks in messages (e.g. a /leads answer); App Home clicks have none. */
    response_url: z.string().url().optional(),
    container: z
      .object({ type: z.string(), message_ts: z.string().optional(), view_id: z.string().optional() })
      .loose(),
    actions: z
      .array(
        z
          .object({
            action_id: z.string(),
            action_ts: z.string().optional(),
            value: z.string().optional(),
            selected_option: z.object({ value: z.string() }).optional(),
          })
          .loose(),
      )
      .min(1),
  })
  .loose();
export type BlockAction = z.infer<typeof blockActionSchema>;

/** One input's state in a submitted view: what the modal readers look at (see ViewStateValues). */
const inputStateSchema = z
  .object({
    selected_option: z.object({ value: z.string() }).loose().nullish(),
    value: z.string().nullish(),
  })
  .loose();

export const viewSubmissionSchema = z
  .object({
    user: z.object({ id: slackUserId }),
    view: z
      .object({
        id: z.string(),
        private_metadata: z.string(),
        state: z.object({ values: z.record(z.string(), z.record(z.string(), inputStateSchema)) }),
      })
      .loose(),
  })
  .loose();

export const BAD_BUTTON = "That button doesn't carry a lead I recognise. Try `/leads` for a fresh list.";

/** The answer to a click outside a digest: done, or saving with a promise to say if it goes wrong. */
export function outcomeText(outcome: {
  text: string;
  label: string;
  saving: boolean;
  lead: { Name: string };
}): string {
  const name = escapeAndTruncate(outcome.lead.Name || 'the lead', 80);
  if (!outcome.saving) return `:white_check_mark: ${outcome.text} for *${name}*.`;
  return `:hourglass_flowing_sand: ${outcome.label} for *${name}*: saving to Salesforce… I'll tell you here once it's saved, or if it takes long or Salesforce refuses it.`;
}

/** Where the click came from, so the same click twice maps to the same Salesforce write. */
export function stemOf(body: BlockAction, value: ActionValue, now: Date): string {
  if (value.digestId) return value.digestId;
  if (body.container.message_ts) return `m${body.container.message_ts}`;
  // A Home view lives for days; the local date keeps a later day's call from being deduplicated.
  return `v${body.container.view_id ?? 'home'}-${localDateKey(now, 'UTC')}`;
}

/** The delivery key of a note about this click: one note per click however often it is retried. */
export const noteKeyOf = (payload: BlockAction): string =>
  `${payload.user.id}-${payload.actions[0]?.action_ts ?? Date.now()}`.replace(/[^A-Za-z0-9_.-]/g, '_');

export async function tell(
  deps: Pick<NudgesDeps, 'delivery'>,
  respond: RespondFn,
  body: BlockAction,
  text: string,
  key: string,
): Promise<void> {
  if (body.container.type === 'view') {
    // App Home has no response_url: a short DM is the only place left to say it.
    await deps.delivery.enqueue({ key: `note-${key}`, method: 'dm', args: { user: body.user.id, text } });
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}
