import { callScores } from '../../../shared/sla/call-outcomes.ts';
import type { LedgerEntry, ScoringContext, ScoringRecords } from './scoring-types.ts';
import type { Contest } from './model.ts';
import { METRIC_SCORERS } from './metric-scorers.ts';
import { prepareRun, touchKind } from './scoring-run.ts';

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
  const run = prepareRun(contest, withoutUnscoredCalls(records, context), context);
  return run ? METRIC_SCORERS[contest.metric](run) : [];
}

/**
 * A call whose outcome does not score (policy `callOutcomes`, e.g. "Wrong number") is left out of
 * every metric, so it can be neither a follow-up, a call nor a first touch. No outcome still scores.
 */
function withoutUnscoredCalls(records: ScoringRecords, context: ScoringContext): ScoringRecords {
  const outcomes = context.callOutcomes;
  if (!outcomes) return records;
  const tasks = records.tasks.filter(
    (task) => touchKind(task) !== 'call' || callScores(task.CallDisposition, outcomes),
  );
  return tasks.length === records.tasks.length ? records : { ...records, tasks };
}
