import type { AckFn, AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction } from '@slack/bolt';
import { authorizeLeadAction, performLeadAction, type LeadActionDeps } from '../app/lead-actions.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { LeadAction } from '../domain/lead-action.ts';
import { decodeActionValue } from './blocks.ts';
import { BAD_BUTTON, outcomeText, viewSubmissionSchema } from './lead-action-replies.ts';
import {
  readDisqualifySubmission,
  readRateQualitySubmission,
  type SubmissionResult,
  type ViewStateValues,
} from './modals.ts';
import type { LeadModalKind } from './open-lead-modal.ts';

/**
 * A submitted Disqualify or Rate-quality modal: validated (errors shown in the modal), authorised
 * again (the modal may have been open while roles changed), then done like any other lead action.
 */

/** The action the modal asks for, or the errors to show in it. */
function actionFrom(
  kind: LeadModalKind,
  values: ViewStateValues,
  policy: SlaPolicy,
): SubmissionResult<LeadAction> {
  if (kind === 'disqualify') {
    const read = readDisqualifySubmission(values, policy);
    return read.ok ? { ok: true, value: { kind: 'disqualify', ...read.value } } : read;
  }
  const read = readRateQualitySubmission(values, policy);
  return read.ok ? { ok: true, value: { kind: 'rate', ...read.value } } : read;
}

export function submitLeadModalListener(deps: LeadActionDeps, kind: LeadModalKind) {
  return async ({ ack: anyAck, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    // Registered for view_submission only (no notify_on_close), whose ack may carry errors.
    const ack = anyAck as AckFn<ViewResponseAction>;
    const payload = viewSubmissionSchema.parse(body);
    const value = decodeActionValue(payload.view.private_metadata);
    const values: ViewStateValues = payload.view.state.values;
    const firstBlock = kind === 'disqualify' ? 'disqualify_reason' : 'quality_rating';
    if (!value) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: BAD_BUTTON } });
      return;
    }
    const action = actionFrom(kind, values, deps.config.policy.sla);
    if (!action.ok) return ack({ response_action: 'errors', errors: action.errors });
    const auth = await authorizeLeadAction(deps, payload.user.id, value.leadId);
    if (!auth.ok) return ack({ response_action: 'errors', errors: { [firstBlock]: auth.error } });
    await ack();
    const outcome = await performLeadAction(deps, {
      actorSlackId: payload.user.id,
      leadId: value.leadId,
      digestId: value.digestId,
      stem: value.digestId ?? `v${payload.view.id}`,
      action: action.value,
    });
    if (outcome.ok && !value.digestId) {
      await deps.delivery.enqueue({
        key: `note-${payload.view.id}-${kind}`,
        method: 'dm',
        args: { user: payload.user.id, text: outcomeText(outcome) },
      });
    }
  };
}
