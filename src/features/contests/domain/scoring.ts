import type { LedgerEntry, ScoringContext, ScoringRecords } from './scoring-types.ts';
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
