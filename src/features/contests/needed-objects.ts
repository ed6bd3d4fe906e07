import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { askForAccess, cannotRead, unreadableAmong } from '../../shared/sync/unreadable-objects.ts';
import type { Services } from '../../services.ts';
import { youSent } from '../../platform/slack/you-sent.ts';
import { CONTEST_BLOCK_IDS, commandErrorMessage, type ContestMessage } from './blocks.ts';
import { EXAMPLES, type ContestCommand } from './command-parser.ts';
import type { ContestDraft } from './draft.ts';
import type { ContestScope, Metric } from './model.ts';

/**
 * The optional Salesforce objects a contest scores from (see salesforce-records.ts and scoring.ts).
 * Lead, Task and User are required by sync, so they never appear here. A campaign scope filters on
 * CampaignMember rows; the Campaign object itself is not read for scoring.
 */
const METRIC_NEEDS: Record<Metric, readonly SyncedObjectName[]> = {
  followups: [],
  calls: [],
  first_touch_sla: [],
  sla_hit_rate: [],
  meetings: ['Event'],
  conversions: [],
  opportunities_won: ['Opportunity'],
};

export function objectsNeededBy(rules: { metric: Metric; scope: ContestScope }): SyncedObjectName[] {
  const needed = [...METRIC_NEEDS[rules.metric]];
  if (rules.scope.kind === 'campaign') needed.push('CampaignMember');
  return needed;
}

/**
 * Why a contest with these rules can only score zero, or null when bullpen can read everything it
 * needs. Launching it anyway would post a board nobody can move.
 */
export async function unscorableBecause(
  services: Services,
  rules: { metric: Metric; scope: ContestScope },
): Promise<string | null> {
  const unreadable = await unreadableAmong(services, objectsNeededBy(rules));
  if (unreadable.length === 0) return null;
  return `${cannotRead(unreadable)}, so this contest would score nothing: ${askForAccess(unreadable)}`;
}

/**
 * `/contest start|preview` refused before anything is stored or computed, quoting the command so the
 * manager can resend it once access is fixed (or with another metric). Drafts are kept: the launch
 * button checks again.
 */
export async function contestAccessRefusal(
  services: Services,
  cmd: ContestCommand,
  typed: string,
): Promise<ContestMessage | null> {
  if (cmd.kind !== 'start' && cmd.kind !== 'preview') return null;
  const reason = await unscorableBecause(services, cmd.draft);
  return reason ? commandErrorMessage(reason, EXAMPLES[cmd.kind], youSent('/contest', typed)) : null;
}

/** The modal stays open with the reason on the field to change: the metric, or the campaign. */
export async function modalAccessErrors(
  services: Services,
  draft: ContestDraft,
): Promise<Record<string, string> | null> {
  const errors: Record<string, string> = {};
  const metricReason = await unscorableBecause(services, { metric: draft.metric, scope: { kind: 'all' } });
  if (metricReason) errors[CONTEST_BLOCK_IDS.metric] = metricReason;
  if (draft.scope.kind === 'campaign') {
    const scopeReason = await unscorableBecause(services, { metric: 'followups', scope: draft.scope });
    if (scopeReason) errors[CONTEST_BLOCK_IDS.scopeCampaign] = scopeReason;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
