import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { noticeModal } from '../../../platform/slack/modals.ts';
import { answerSubmission, showLateOutcome } from '../../../platform/slack/submit-within.ts';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import { sanitizeMessage } from '../domain/command.ts';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import {
  modalMetadataSchema,
  readShoutoutSubmission,
  SHOUTOUT_BLOCKS,
  SHOUTOUT_VIEW,
  SHOUTOUT_TITLE,
  type ModalMetadata,
} from './modal.ts';

/**
 * The shout-out modal's Post: the same view always makes the same shout-out, so a retry posts once.
 * Checking the recipients asks Slack (users.info, rate limited); when that takes longer than Slack
 * waits for the submission, the modal becomes a holding note and then says how it went.
 */

const SHOUTOUT_NOTICE_VIEW = 'shoutout_notice';

const viewSchema = z.object({
  id: z.string(),
  private_metadata: z.string(),
  state: z.object({ values: z.unknown() }),
});
const bodySchema = z.object({ user: z.object({ id: z.string() }) });
const FALLBACK_METADATA: ModalMetadata = { channel: null, origin: 'home' };

/** Where the modal was opened from; anything unreadable counts as App Home. */
function metadataOf(privateMetadata: string): ModalMetadata {
  let json: unknown;
  try {
    json = JSON.parse(privateMetadata);
  } catch {
    return FALLBACK_METADATA;
  }
  return modalMetadataSchema.catch(FALLBACK_METADATA).parse(json);
}

type CreateOutcome = Awaited<ReturnType<RecognitionListenerDeps['recognition']['create']>>;

/** What a late submission came to, in words (in the modal, or by DM if it was closed). */
function lateOutcomeText(outcome: { result: CreateOutcome } | { error: unknown }): string {
  if ('error' in outcome) {
    return ':warning: bullpen could not confirm your shout-out: something failed on our side. Look in the channel before trying again.';
  }
  const created = outcome.result;
  if (created.ok)
    return `:white_check_mark: Your shout-out is saved and on its way to <#${created.value.channel}>.`;
  return `Not posted: ${created.error} Open the shout-out again to fix it.`;
}

export function registerModalSubmit(
  router: SlackRouter,
  deps: Pick<RecognitionListenerDeps, 'recognition' | 'delivery' | 'logger'>,
): void {
  router.view(SHOUTOUT_VIEW, async ({ ack, view, body }) => {
    const parsedView = viewSchema.parse(view);
    const userId = bodySchema.parse(body).user.id;
    const submission = readShoutoutSubmission(parsedView.state.values);
    const inAck = async (result: CreateOutcome): Promise<void> => {
      if (result.ok) return ack();
      const block = SHOUTOUT_BLOCKS[result.field ?? 'message'];
      return ack({ response_action: 'errors', errors: { [block]: result.error.replace(/[`*]/g, '') } });
    };
    await answerSubmission({
      work: deps.recognition.create({
        authorId: userId,
        recipients: submission.recipients,
        // Modal text arrives unescaped: escape it the way the command's text would be.
        message: sanitizeMessage(mrkdwnEscape(submission.message)),
        opportunityId: submission.opportunityId,
        sourceChannel: metadataOf(parsedView.private_metadata).channel,
        requestKey: `view-${parsedView.id}`,
        source: 'modal',
      }),
      inAck,
      holding: () =>
        ack({
          response_action: 'update',
          view: noticeModal({
            callbackId: SHOUTOUT_NOTICE_VIEW,
            title: SHOUTOUT_TITLE,
            text: ':hourglass_flowing_sand: Checking the recipients with Slack, which is slower than usual. Keep this open: it will say here when your shout-out is on its way.',
          }),
        }),
      later: (outcome) =>
        showLateOutcome(
          deps,
          {
            viewId: parsedView.id,
            userId,
            callbackId: SHOUTOUT_NOTICE_VIEW,
            title: SHOUTOUT_TITLE,
            text: lateOutcomeText(outcome),
            key: `shoutout-late-${parsedView.id}`,
          },
          outcome,
        ),
    });
  });
}
