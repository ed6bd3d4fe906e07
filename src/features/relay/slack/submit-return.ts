import type { SlackRouter } from '../../../platform/slack/router.ts';
import { postToResponseUrl } from '../../../platform/slack/response-url.ts';
import { answerSubmission } from '../../../platform/slack/submit-within.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { RETURN_REASON_BLOCK, type Decide } from '../app/decide.ts';
import { decidedMessage } from './handoff-blocks.ts';
import { userBodySchema, viewSchema, type RelayListenerDeps } from './listener-deps.ts';
import {
  readReturnMetadata,
  readReturnSubmission,
  RETURN_VIEW,
  type ReturnMetadata,
} from './return-modal.ts';
import { returnOutcomeText, returnSavingModal, showRelayOutcome } from './submission-views.ts';

const RESPONSE_URL_TIMEOUT_MS = 5_000;

type ReturnAnswer = Awaited<ReturnType<Decide['returnLead']>>;

/** The hand-off message the Return button was on now says it was returned. */
async function markReturned(
  deps: RelayListenerDeps,
  metadata: ReturnMetadata,
  handoff: Handoff,
  reason: string | null,
): Promise<void> {
  if (!metadata.responseUrl) return;
  const decided = decidedMessage(handoff, `Returned to nurture: ${reason ?? ''}`);
  await postToResponseUrl(
    metadata.responseUrl,
    { replace_original: true, ...decided },
    RESPONSE_URL_TIMEOUT_MS,
    deps.logger,
  );
}

/**
 * The Return modal's submission: written before the acknowledgement, refusals shown in the modal;
 * a Salesforce slower than Slack's 3 s turns the modal into a holding note, then the outcome.
 */
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
    const inAck = async (answer: ReturnAnswer): Promise<void> => {
      if (!answer.ok) {
        const errors = 'errors' in answer ? answer.errors : { [RETURN_REASON_BLOCK]: answer.message };
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack();
      await markReturned(deps, metadata, answer.handoff, reason);
    };
    await answerSubmission({
      work: deps.decide.returnLead(userId, metadata.leadId, reason, note),
      inAck,
      holding: () => ack({ response_action: 'update', view: returnSavingModal() }),
      later: async (outcome) => {
        await showRelayOutcome(
          deps,
          'return',
          { viewId: parsed.id, userId },
          returnOutcomeText(outcome),
          outcome,
        );
        if ('result' in outcome && outcome.result.ok) {
          await markReturned(deps, metadata, outcome.result.handoff, reason);
        }
      },
    });
  });
}
