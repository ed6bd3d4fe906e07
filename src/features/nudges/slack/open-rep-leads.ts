import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { compareByUrgency } from '../domain/digest.ts';
import { instanceUrl, urgentLeadsOf } from '../app/lead-loader.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { buildRepLeadsModal } from './escalation-blocks.ts';
import { BAD_BUTTON, blockActionSchema, noteKeyOf, tell } from './lead-action-replies.ts';

/**
 * The "Open list" button on each rep of a manager's escalation digest: opens a modal with all of
 * that rep's overdue and due-soon leads, once the clicker is known to manage the rep (or to be the
 * rep, or an admin); an ephemeral refusal otherwise, nothing opened.
 */

const SALESFORCE_USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

export const NOT_YOUR_REP =
  "You can't open this list: only the rep, their manager or a bullpen admin can. Nothing was opened.";

export function openRepLeadsListener(deps: LeadReadDeps & Pick<NudgesDeps, 'roles' | 'delivery'>) {
  return async ({ ack, body, respond, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const payload = parsed.data;
    const repId = payload.actions[0]?.value ?? '';
    const noteKey = noteKeyOf(payload);
    if (!SALESFORCE_USER_ID.test(repId) || !payload.trigger_id) {
      await tell(deps, respond, payload, BAD_BUTTON, noteKey);
      return;
    }
    if (!(await deps.roles.mayActForOwner(payload.user.id, repId))) {
      await tell(deps, respond, payload, NOT_YOUR_REP, noteKey);
      return;
    }
    const [leads, rep, url] = await Promise.all([
      urgentLeadsOf(deps, repId, new Date()),
      deps.store.get('User', repId),
      instanceUrl(deps),
    ]);
    const view = buildRepLeadsModal({
      repName: rep?.Name ?? repId,
      leads: leads.sort(compareByUrgency),
      instanceUrl: url,
    });
    await client.views.open({ trigger_id: payload.trigger_id, view });
  };
}
