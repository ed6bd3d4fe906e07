import type { SlackRouter } from '../../../platform/slack/router.ts';
import { answerSubmission } from '../../../platform/slack/submit-within.ts';
import { AE_BLOCK, type QualifyAnswer } from '../app/qualify.ts';
import { choiceBlockId } from '../domain/criteria.ts';
import { userBodySchema, viewSchema, type RelayListenerDeps } from './listener-deps.ts';
import { leadOfMetadata, QUALIFY_VIEW, readQualifySubmission } from './qualify-modal.ts';
import { handoffOutcomeText, handoffSavingModal, showRelayOutcome } from './submission-views.ts';

/**
 * The Qualify modal's Hand off: checked and written before the acknowledgement, so every refusal
 * (and Salesforce's own, verbatim) shows in the modal and the modal only closes once it is written.
 * A Salesforce slower than Slack's 3 s turns the modal into a holding note, then the outcome.
 */
export function registerQualifySubmit(router: SlackRouter, deps: RelayListenerDeps): void {
  router.view(QUALIFY_VIEW, async ({ ack, view, body }) => {
    const parsed = viewSchema.parse(view);
    const userId = userBodySchema.parse(body).user.id;
    const criteria = deps.config.policy.relay.criteria;
    const leadId = leadOfMetadata(parsed.private_metadata);
    const firstBlock = criteria[0] ? choiceBlockId(criteria[0].key) : AE_BLOCK;
    if (!leadId) {
      await ack({
        response_action: 'errors',
        errors: { [firstBlock]: 'This modal lost its lead; open Qualify again.' },
      });
      return;
    }
    const submission = readQualifySubmission(parsed.state.values, criteria);
    // A users_select gives a Slack user; the hand-off needs their Salesforce user.
    const ae =
      submission.ae && !submission.ae.startsWith('005')
        ? await deps.people.salesforceIdFor(submission.ae)
        : submission.ae;
    const inAck = async (answer: QualifyAnswer): Promise<void> => {
      if (answer.ok) await ack();
      else if ('errors' in answer) await ack({ response_action: 'errors', errors: answer.errors });
      else await ack({ response_action: 'errors', errors: { [AE_BLOCK]: answer.message } });
    };
    await answerSubmission({
      work: deps.qualify.submit({
        actorSlackId: userId,
        leadId,
        aeSalesforceId: ae,
        answers: submission.answers,
      }),
      inAck,
      holding: () => ack({ response_action: 'update', view: handoffSavingModal() }),
      later: (outcome) =>
        showRelayOutcome(
          deps,
          'qualify',
          { viewId: parsed.id, userId },
          handoffOutcomeText(outcome),
          outcome,
        ),
    });
  });
}
