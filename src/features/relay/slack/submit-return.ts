import type { SlackRouter } from '../../../platform/slack/router.ts';
import { postToResponseUrl } from '../../../platform/slack/response-url.ts';
import { RETURN_REASON_BLOCK } from '../app/decide.ts';
import { decidedMessage } from './handoff-blocks.ts';
import { userBodySchema, viewSchema, type RelayListenerDeps } from './listener-deps.ts';
import { readReturnMetadata, readReturnSubmission, RETURN_VIEW } from './return-modal.ts';

const RESPONSE_URL_TIMEOUT_MS = 5_000;

/** The Return modal's submission: written before the acknowledgement, refusals shown in the modal. */
export function registerReturnSubmit(router: SlackRouter, deps: RelayListenerDeps): void {
  router.view(RETURN_VIEW, async ({ ack, view, body }) => {
    const parsed = viewSchema.parse(view);
    const userId = userBodySchema.parse(body).user.id;
    const metadata = readReturnMetadata(parsed.private_metadata);
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: { [RETURN_REASON_BLOCK]: 'This modal lost its lead; click Return again.' },
      });
      return;
    }
    const { reason, note } = readReturnSubmission(parsed.state.values);
    const answer = await deps.decide.returnLead(userId, metadata.leadId, reason, note);
    if (!answer.ok) {
      const errors = 'errors' in answer ? answer.errors : { [RETURN_REASON_BLOCK]: answer.message };
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (metadata.responseUrl) {
      const decided = decidedMessage(answer.handoff, `Returned to nurture: ${reason ?? ''}`);
      await postToResponseUrl(
        metadata.responseUrl,
        { replace_original: true, ...decided },
        RESPONSE_URL_TIMEOUT_MS,
        deps.logger,
      );
    }
  });
}
