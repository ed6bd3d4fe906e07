import { z } from 'zod';
import { postToResponseUrl } from '../../../platform/slack/response-url.ts';
import type { NudgesDeps } from '../deps.ts';
import { WRITE_TRANSITIONS, type HandledLead, type WriteOutcome } from '../domain/digest-records.ts';
import { handledLine } from '../slack/handled-blocks.ts';
import { NudgeState } from '../store.ts';
import { refreshDigest, type DigestRenderDeps } from './digest-render.ts';

/**
 * Tells the person who clicked how their Salesforce write went. A click from a digest edits that
 * digest (saving → done, still saving, or not saved with Salesforce's reason); a click from `/leads`
 * or App Home has no message to edit later, so a delay or refusal comes as a DM.
 */

export const writeNotifySchema = z.object({
  actorSlackId: z.string(),
  digestId: z.string().nullable(),
  /** "Call for *Jane Doe*", already escaped: the subject of every line about this write. */
  pendingText: z.string(),
  /** When the person clicked, for the "still saving" notice. */
  clickedAt: z.iso.datetime(),
  /** The click's response_url (a /leads answer): every outcome is said there, "saved" included. */
  responseUrl: z.string().url().optional(),
});
export type WriteNotify = z.infer<typeof writeNotifySchema>;

export type WriteStatusDeps = DigestRenderDeps & Pick<NudgesDeps, 'delivery'>;

/**
 * Answers through the click's response_url (valid 30 minutes, 5 uses: enough for saving, a delay
 * and the outcome). False when Slack no longer takes it, so the caller falls back to a DM.
 */
async function answerInConversation(
  deps: Pick<NudgesDeps, 'config' | 'logger'>,
  notify: WriteNotify,
  outcome: WriteOutcome,
): Promise<boolean> {
  const text =
    outcome.status === 'done'
      ? `:white_check_mark: ${notify.pendingText}: saved in Salesforce.`
      : handledLine({
          leadId: '',
          text: notify.pendingText,
          pendingText: notify.pendingText,
          at: '',
          ...outcome,
        });
  const message = { response_type: 'ephemeral', replace_original: false, text };
  return postToResponseUrl(notify.responseUrl ?? '', message, deps.config.env.SLACK_TIMEOUT_MS, deps.logger);
}

export async function reportWriteOutcome(
  deps: WriteStatusDeps,
  target: { leadId: string; writeKey: string; notify: WriteNotify },
  outcome: WriteOutcome,
): Promise<void> {
  const { notify } = target;
  if (notify.digestId) {
    const moved = await new NudgeState(deps).transitionHandled(notify.digestId, target.leadId, {
      writeKey: target.writeKey,
      from: WRITE_TRANSITIONS[outcome.status],
      to: outcome,
    });
    if (moved) await refreshDigest(deps, notify.digestId);
    return;
  }
  if (notify.responseUrl && (await answerInConversation(deps, notify, outcome))) return;
  // Without a conversation to answer in (App Home), done needs no DM: silence means it saved.
  if (outcome.status === 'done') return;
  const line: HandledLead = {
    leadId: target.leadId,
    text: notify.pendingText,
    pendingText: notify.pendingText,
    at: new Date().toISOString(),
    ...outcome,
  };
  await deps.delivery.enqueue({
    key: `write-${outcome.status}-${target.writeKey}-${Date.parse(notify.clickedAt)}`,
    method: 'dm',
    args: { user: notify.actorSlackId, text: handledLine(line) },
  });
}
