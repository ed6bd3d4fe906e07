import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { authorizeLeadAction } from '../app/lead-actions.ts';
import type { NudgesDeps } from '../deps.ts';
import { NudgeState } from '../store.ts';
import { decodeActionValue } from './blocks.ts';
import { BAD_BUTTON, blockActionSchema, noteKeyOf, tell } from './lead-action-replies.ts';
import { buildLogCallModal } from './log-call-modal.ts';

/**
 * The Log call button (digest, `/leads`, App Home): opens the Log call modal, once the clicker is
 * known to be allowed to act for the lead's owner (an ephemeral refusal otherwise, nothing opened).
 * Nothing is written until the modal is submitted (submit-log-call.ts).
 */
export function openLogCallListener(
  deps: Pick<NudgesDeps, 'store' | 'roles' | 'delivery' | 'config' | 'redis' | 'keys'>,
) {
  return async ({ ack, body, respond, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const payload = parsed.data;
    const value = decodeActionValue(payload.actions[0]?.value ?? '');
    const noteKey = noteKeyOf(payload);
    if (!value || !payload.trigger_id) {
      await tell(deps, respond, payload, BAD_BUTTON, noteKey);
      return;
    }
    const auth = await authorizeLeadAction(deps, payload.user.id, value.leadId);
    if (!auth.ok) {
      await tell(deps, respond, payload, auth.error, noteKey);
      return;
    }
    const fromHome = payload.container.type === 'view';
    // A digest is edited in place; any other message (a /leads answer) is answered where it is.
    const responseUrl = !fromHome && !value.digestId ? payload.response_url : undefined;
    const view = buildLogCallModal({
      lead: auth.lead,
      origin: { value, fromHome, ...(responseUrl ? { responseUrl } : {}) },
      outcomes: deps.config.policy.sla.callOutcomes,
      lastOutcome: await new NudgeState(deps).lastCallOutcome(payload.user.id),
    });
    await client.views.open({ trigger_id: payload.trigger_id, view });
  };
}
