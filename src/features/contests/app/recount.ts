import { accessProblemOf } from '../../../shared/sync/sync-access.ts';
import { cannotRead, unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { Contest } from '../domain/model.ts';
import { objectsNeededBy } from '../domain/needed-objects.ts';
import { driftReport, rankStandings } from '../domain/ranking.ts';
import { scoreActivities, standingsFromLedger } from '../domain/scoring.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';
import { groupBySubject } from '../store/ledger-store.ts';
import type { Metric } from '../domain/model.ts';
import type { ContestsDeps } from '../deps.ts';
import type { RankedRow, RankingRules, DriftReport } from '../domain/ranking.ts';
import type { ContestLedger } from '../store/ledger-store.ts';
import type { ScoringLookups } from './scoring-lookups.ts';
import type { Clock } from '../../../platform/clock.ts';
import { ContestHandoffs } from './relay-handoffs.ts';
import { loadRecordsFromSalesforce } from './salesforce-records.ts';

export const SLA_METRICS: ReadonlySet<Metric> = new Set(['first_touch_sla', 'sla_hit_rate']);

/** A recount's board, or the live board kept (and why) when Salesforce could not be read. */
export interface Recount {
  rows: RankedRow[];
  drift: DriftReport;
  notRecountedBecause?: string;
}

/** What a recount needs of the contest engine (engine.ts delegates to it). */
export interface RecountEngine {
  deps: ContestsDeps;
  clock: Clock;
  lookups: ScoringLookups;
  ledger: ContestLedger;
  rankingRulesFor(contest: Contest): RankingRules;
  standings(contest: Contest): Promise<RankedRow[]>;
  participantOwnerIds(contest: Contest): Promise<string[]>;
}

/**
 * Recounts the contest from Salesforce (SOQL through the worker's connection) and makes the
 * recount the board. Returns the new standings and how the live board differed.
 */
export async function recountFromSalesforce(engine: RecountEngine, contest: Contest): Promise<Recount> {
  const live = await engine.standings(contest);
  // An object access was taken from while the contest ran: the query would fail on every retry
  // and the results would never post, so the live board stands, and says why.
  const needed = objectsNeededBy(contest);
  const unreadable = await unreadableAmong(engine.deps, needed);
  const keepLive = (objects: typeof needed): Recount => ({
    rows: live,
    drift: driftReport(live, live),
    notRecountedBecause: cannotRead(objects),
  });
  if (unreadable.length > 0) return keepLive(unreadable);
  const conn = await engine.deps.salesforce.connection();
  const now = engine.clock.now();
  let records: ScoringRecords;
  try {
    const ownerIds = await engine.participantOwnerIds(contest);
    const handoffs = await new ContestHandoffs(engine.deps).involving(contest, ownerIds);
    records = await loadRecordsFromSalesforce(conn, contest, ownerIds, now, undefined, handoffs);
  } catch (error) {
    // Refused before the next sync noticed; Salesforce names the type ("sObject type 'Event' is
    // not supported"). Anything else, a required object included, fails the job as before.
    const problem = accessProblemOf(error);
    const refused = needed.filter(
      (object) => problem?.kind === 'no-access' && problem.message.includes(`'${object}'`),
    );
    if (refused.length === 0) throw error;
    return keepLive(refused);
  }
  const context = await engine.lookups.contextFor(records, now, {
    needsSla: SLA_METRICS.has(contest.metric),
  });
  const entries = scoreActivities(contest, records, context);
  const rows = rankStandings(standingsFromLedger(contest, entries), engine.rankingRulesFor(contest));
  const drift = driftReport(live, rows);
  await engine.ledger.replaceAll(contest, entries);
  if (drift.hasDrift) {
    engine.deps.logger.warn(
      {
        contestId: contest.id,
        changes: drift.changes.slice(0, 20),
        winnersChanged: drift.winnersChanged,
        subjects: groupBySubject(entries).size,
      },
      'contest board drifted from Salesforce; the recount wins',
    );
  }
  return { rows, drift };
}
