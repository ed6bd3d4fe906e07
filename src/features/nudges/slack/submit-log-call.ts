import type { AckFn, AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction } from '@slack/bolt';
import { postToResponseUrl } from '../../../platform/slack/response-url.ts';
import { authorizeLeadAction, performLeadAction, type LeadActionDeps } from '../app/lead-actions.ts';
import type { NudgesDeps } from '../deps.ts';
import { NudgeState } from '../store.ts';
import { BAD_BUTTON, outcomeText, viewSubmissionSchema } from './lead-action-replies.ts';
import {
  decodeLogCallMetadata,
  LOG_CALL_INPUTS,
  readLogCallSubmission,
  type LogCallOrigin,
} from './log-call-modal.ts';
import type { ViewStateValues } from './modals.ts';

/**
 * A submitted Log call modal: validated (a missing or unknown outcome is a field error and changes
 * nothing), authorised again (roles may have changed while it was open), then written like any
 * other lead action: the idempotent write-back with the outcome in CallDisposition and the note in
 * Description. The outcome is remembered to pre-select it next time.
 */

const FAILED = 'That call did not go through; nothing was changed. Please try again.';

export type SubmitLogCallDeps = LeadActionDeps & Pick<NudgesDeps, 'refreshHome' | 'logger'>;

/**
 * Says how it went where the click came from: Home is shown again (the lead gone if the call
 * touched it), a digest is edited by the action itself, a /leads answer is answered in place; a
 * refusal, or an answer Slack no longer takes, comes as a DM.
 */
async function answer(
  deps: SubmitLogCallDeps,
  userId: string,
  origin: LogCallOrigin,
  outcome: { ok: boolean; key: string; text: string },
): Promise<void> {
  if (origin.fromHome) await deps.refreshHome(userId);
  if (outcome.ok && (origin.fromHome || origin.value.digestId)) return;
  const message = { response_type: 'ephemeral', replace_original: false, text: outcome.text };
  const timeoutMs = deps.config.env.SLACK_TIMEOUT_MS;
  if (origin.responseUrl && (await postToResponseUrl(origin.responseUrl, message, timeoutMs, deps.logger))) {
    return;
  }
  await deps.delivery.enqueue({ key: outcome.key, method: 'dm', args: { user: userId, text: outcome.text } });
}

export function submitLogCallListener(deps: SubmitLogCallDeps) {
  return async ({ ack: anyAck, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    // Registered for view_submission only (no notify_on_close), whose ack may carry errors.
    const ack = anyAck as AckFn<ViewResponseAction>;
    const payload = viewSubmissionSchema.parse(body);
    const firstBlock = LOG_CALL_INPUTS.outcome.blockId;
    const origin = decodeLogCallMetadata(payload.view.private_metadata);
    if (!origin) return ack({ response_action: 'errors', errors: { [firstBlock]: BAD_BUTTON } });
    const values: ViewStateValues = payload.view.state.values;
    const read = readLogCallSubmission(values, deps.config.policy.sla.callOutcomes);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    const { leadId, digestId } = origin.value;
    const auth = await authorizeLeadAction(deps, payload.user.id, leadId);
    if (!auth.ok) return ack({ response_action: 'errors', errors: { [firstBlock]: auth.error } });
    await ack();
    const { outcome, note } = read.value;
    const key = `note-${payload.view.id}-call`;
    try {
      const done = await performLeadAction(deps, {
        actorSlackId: payload.user.id,
        leadId,
        digestId,
        // The modal is one deliberate call: a retried submission of it writes once, another modal again.
        stem: `v${payload.view.id}`,
        action: { kind: 'call', outcome: outcome.name, note },
        ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
      });
      if (done.ok) await new NudgeState(deps).rememberCallOutcome(payload.user.id, outcome.name);
      const text = done.ok ? outcomeText(done) : done.error;
      await answer(deps, payload.user.id, origin, { ok: done.ok, key, text });
    } catch (error) {
      deps.logger.error({ err: error, view: payload.view.id }, 'Log call submission failed');
      await answer(deps, payload.user.id, origin, { ok: false, key, text: FAILED });
    }
  };
}
