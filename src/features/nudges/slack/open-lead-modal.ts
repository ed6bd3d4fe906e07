import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import type { Lead } from '../../../platform/salesforce/records.ts';
import { authorizeLeadAction } from '../app/lead-actions.ts';
import type { NudgesDeps } from '../deps.ts';
import { decodeActionValue, type ActionValue } from './blocks.ts';
import { BAD_BUTTON, blockActionSchema, noteKeyOf, tell, type BlockAction } from './lead-action-replies.ts';
import { buildDisqualifyModal, buildRateQualityModal } from './modals.ts';

/**
 * The lead buttons that open a modal (Disqualify, Rate quality, Log call): the modal opens once the
 * clicker is known to be allowed to act for the lead's owner (an ephemeral refusal otherwise,
 * nothing opened). Nothing is written until the modal is submitted.
 */

export interface LeadClick {
  payload: BlockAction;
  value: ActionValue;
  lead: Lead;
}

type ModalDeps = Pick<NudgesDeps, 'store' | 'roles' | 'delivery' | 'config'>;

/** A listener that checks the click and the clicker, then opens the view `build` makes for it. */
export function leadModalOpener(deps: ModalDeps, build: (click: LeadClick) => View | Promise<View>) {
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
    const view = await build({ payload, value, lead: auth.lead });
    await client.views.open({ trigger_id: payload.trigger_id, view });
  };
}

export type LeadModalKind = 'disqualify' | 'rate';

export function openLeadModalListener(deps: ModalDeps, kind: LeadModalKind) {
  return leadModalOpener(deps, ({ lead, value }) => {
    const input = { lead, digestId: value.digestId, policy: deps.config.policy.sla };
    return kind === 'disqualify' ? buildDisqualifyModal(input) : buildRateQualityModal(input);
  });
}
