import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { authorizeLeadAction } from '../app/lead-actions.ts';
import type { NudgesDeps } from '../deps.ts';
import { decodeActionValue } from './blocks.ts';
import { BAD_BUTTON, blockActionSchema, noteKeyOf, tell } from './lead-action-replies.ts';
import { buildDisqualifyModal, buildRateQualityModal } from './modals.ts';

/**
 * The Disqualify and Rate-quality buttons: open their modal, once the clicker is known to be allowed
 * to act for the lead's owner (an ephemeral refusal otherwise, nothing opened).
 */

export type LeadModalKind = 'disqualify' | 'rate';

export function openLeadModalListener(
  deps: Pick<NudgesDeps, 'store' | 'roles' | 'delivery' | 'config'>,
  kind: LeadModalKind,
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
    const input = { lead: auth.lead, digestId: value.digestId, policy: deps.config.policy.sla };
    const view = kind === 'disqualify' ? buildDisqualifyModal(input) : buildRateQualityModal(input);
    await client.views.open({ trigger_id: payload.trigger_id, view });
  };
}
