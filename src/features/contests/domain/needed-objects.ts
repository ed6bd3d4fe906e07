import type { SyncedObjectName } from '../../../platform/salesforce/records.ts';
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
  leads_qualified: [],
  handoffs_accepted: [],
  time_to_accept: [],
};

export function objectsNeededBy(rules: { metric: Metric; scope: ContestScope }): SyncedObjectName[] {
  const needed = [...METRIC_NEEDS[rules.metric]];
  if (rules.scope.kind === 'campaign') needed.push('CampaignMember');
  return needed;
}
