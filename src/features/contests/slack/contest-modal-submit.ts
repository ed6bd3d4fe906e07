import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { checkModalSubmission, launchFromModal } from '../app/modal-launch.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { CONTEST_MODAL_CALLBACK_ID, decodeModalMetadata, type StateValues } from './modal.ts';

/** The launch modal submitted: errors stay on the modal's fields; a good draft launches after the ack. */

const viewSubmissionSchema = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({
    id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.unknown()) }),
  }),
});

export function registerContestModalSubmit(router: SlackRouter, engine: ContestEngine): void {
  router.view(CONTEST_MODAL_CALLBACK_ID, async ({ ack, body }) => {
    const submission = viewSubmissionSchema.parse(body);
    const userId = submission.user.id;
    const metadata = decodeModalMetadata(submission.view.private_metadata);
    const values = submission.view.state.values as StateValues;
    const checked = await checkModalSubmission(engine, userId, values, metadata);
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    await ack();
    await launchFromModal(engine, {
      viewId: submission.view.id,
      userId,
      draft: checked.draft,
      ...(metadata?.originChannelId ? { originChannelId: metadata.originChannelId } : {}),
    });
  });
}
