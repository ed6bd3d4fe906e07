import type {
  CampaignMember,
  Lead,
  Opportunity,
  SfEvent,
  Task,
} from '../../../platform/salesforce/records.ts';
import type { Contest } from './model.ts';
import { METRIC_SCORERS } from './metric-scorers.ts';
import { prepareRun } from './scoring-run.ts';

/**
 * Contest points, derived only from Salesforce records so a board can always be rebuilt. Every
 * point is a ledger entry keyed by (contest, rep, rule, record): scoring is a pure function of the
 * records, and `ledgerDiff` against the stored ledger is how edits, deletions and recompute drift
 * take points back. The adapter must pass every task on the in-scope leads, not only the window's:
 * first-touch rules need to see earlier touches.
 */

export type LedgerRule =
  | 'followup'
  | 'call'
  | 'first_touch_sla'
  | 'sla_hit'
  | 'sla_miss'
  | 'meeting'
  | 'conversion'
  | 'opportunity_won';

export interface LedgerEntry {
  key: string;
  contestId: string;
  /** Slack user id of the participant. */
  repId: string;
  rule: LedgerRule;
  /** The Salesforce record behind the points (Task, Event, Lead or Opportunity Id). */
  recordId: string;
  points: number;
  at: Date;
  leadId?: string;
}

/** Optional fields a richer sync may add; scoring uses them when present. */
export type ScoringLead = Lead & { ConvertedContactId?: string | null };
export type ScoringTask = Task & { CompletedDateTime?: string | null };

export interface ScoringRecords {
  leads: readonly ScoringLead[];
  tasks: readonly ScoringTask[];
  events?: readonly SfEvent[];
  opportunities?: readonly Opportunity[];
  campaignMembers?: readonly CampaignMember[];
}

export interface ScoringContext {
  now: Date;
  /** Salesforce User Id -> Slack user id; null for owners not matched to a Slack member. */
  slackUserFor: (salesforceUserId: string) => string | null;
  /** When the lead's first touch is due under its SLA; null when no SLA applies. */
  firstTouchDueAt: (lead: Lead) => Date | null;
  /** Salesforce's default closed Task status is 'Completed'; orgs may add others. */
  isCompletedStatus?: (status: string) => boolean;
}

export { ledgerKey, localDay, touchKind } from './scoring-run.ts';
export { entriesForRep, ledgerDiff, standingsFromLedger, type LedgerDiff } from './ledger.ts';

export function scoreActivities(
  contest: Contest,
  records: ScoringRecords,
  context: ScoringContext,
): LedgerEntry[] {
  const run = prepareRun(contest, records, context);
  return run ? METRIC_SCORERS[contest.metric](run) : [];
}
