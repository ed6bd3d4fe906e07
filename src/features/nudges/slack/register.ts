import type { SlackRouter } from '../../../platform/slack/router.ts';
import type { NudgesDeps } from '../deps.ts';
import { NUDGE_ACTIONS, NUDGE_VIEWS } from './blocks.ts';
import { followupReportButtonListener } from './followup-report-button.ts';
import { leadButtonListener } from './lead-button.ts';
import { followupCommandListener } from './followup-command.ts';
import { leadsCommandListener } from './leads-command.ts';
import { LOG_CALL_VIEW } from './log-call-modal.ts';
import { openLogCallListener } from './open-log-call.ts';
import { openLeadModalListener } from './open-lead-modal.ts';
import { openRepLeadsListener } from './open-rep-leads.ts';
import { FOLLOWUP_REPORT_ACTION } from './rollup-blocks.ts';
import { submitLeadModalListener } from './submit-lead-modal.ts';
import { submitLogCallListener } from './submit-log-call.ts';

/**
 * The nudges feature's Slack surface: `/leads`, `/followup`, the buttons on every listed lead
 * (digest, `/leads`, App Home) and the Log call / Disqualify / Rate-quality modals. Registering does no I/O.
 */
export function registerNudgesSlack(router: SlackRouter, deps: NudgesDeps): void {
  router.command('/leads', leadsCommandListener(deps));
  router.command('/followup', followupCommandListener(deps));
  router.action(NUDGE_ACTIONS.logCall, openLogCallListener(deps));
  router.action(
    NUDGE_ACTIONS.logEmail,
    leadButtonListener(deps, () => ({ kind: 'email' })),
  );
  router.action(
    NUDGE_ACTIONS.snooze,
    leadButtonListener(deps, (value) =>
      value.snoozeDays ? { kind: 'snooze', days: value.snoozeDays } : null,
    ),
  );
  router.action(NUDGE_ACTIONS.disqualify, openLeadModalListener(deps, 'disqualify'));
  router.action(NUDGE_ACTIONS.rateQuality, openLeadModalListener(deps, 'rate'));
  router.action(NUDGE_ACTIONS.openRepLeads, openRepLeadsListener(deps));
  router.action(FOLLOWUP_REPORT_ACTION, followupReportButtonListener(deps));
  // A link button still sends an action; it only needs acknowledging.
  router.action(NUDGE_ACTIONS.openInSalesforce, async ({ ack }) => {
    await ack();
  });
  router.view(NUDGE_VIEWS.disqualify, submitLeadModalListener(deps, 'disqualify'));
  router.view(NUDGE_VIEWS.rateQuality, submitLeadModalListener(deps, 'rate'));
  router.view(LOG_CALL_VIEW, submitLogCallListener(deps));
}
