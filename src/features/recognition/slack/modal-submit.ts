import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import { sanitizeMessage } from '../domain/command.ts';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import {
  modalMetadataSchema,
  readShoutoutSubmission,
  SHOUTOUT_BLOCKS,
  SHOUTOUT_VIEW,
  type ModalMetadata,
} from './modal.ts';

/** The shout-out modal's Post: the same view always makes the same shout-out, so a retry posts once. */

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

export function registerModalSubmit(
  router: SlackRouter,
  deps: Pick<RecognitionListenerDeps, 'recognition'>,
): void {
  router.view(SHOUTOUT_VIEW, async ({ ack, view, body }) => {
    const parsedView = viewSchema.parse(view);
    const userId = bodySchema.parse(body).user.id;
    const submission = readShoutoutSubmission(parsedView.state.values);
    const result = await deps.recognition.create({
      authorId: userId,
      recipients: submission.recipients,
      // Modal text arrives unescaped: escape it the way the command's text would be.
      message: sanitizeMessage(mrkdwnEscape(submission.message)),
      opportunityId: submission.opportunityId,
      sourceChannel: metadataOf(parsedView.private_metadata).channel,
      requestKey: `view-${parsedView.id}`,
      source: 'modal',
    });
    if (result.ok) {
      await ack();
      return;
    }
    const block = SHOUTOUT_BLOCKS[result.field ?? 'message'];
    await ack({ response_action: 'errors', errors: { [block]: result.error.replace(/[`*]/g, '') } });
  });
}
