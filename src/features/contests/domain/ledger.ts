import { rateBasisPoints } from './hit-rate.ts';
import { participantIds, type Contest } from './model.ts';
import type { Score } from './ranking.ts';
import type { LedgerEntry } from './scoring-types.ts';

/** Ledger arithmetic: what changed between two scorings, standings from entries, one rep's entries. */

export interface LedgerDiff {
  add: LedgerEntry[];
  remove: LedgerEntry[];
}

/** What to apply to go from the stored ledger to a fresh scoring; changed points are remove + add. */
export function ledgerDiff(previous: readonly LedgerEntry[], next: readonly LedgerEntry[]): LedgerDiff {
  const before = new Map(previous.map((entry) => [entry.key, entry]));
  const after = new Map(next.map((entry) => [entry.key, entry]));
  const add = [...after.values()].filter((entry) => before.get(entry.key)?.points !== entry.points);
  const remove = [...before.values()].filter((entry) => after.get(entry.key)?.points !== entry.points);
  return { add, remove };
}

/**
 * Per-participant scores for ranking. Sum metrics add points and reached their total at the last
 * scoring entry; the SLA hit rate is hits / decided leads in basis points (10000 = 100%), with the
 * hits and decided counts it was computed from (ranking needs them: hit-rate.ts).
 */
export function standingsFromLedger(contest: Contest, entries: readonly LedgerEntry[]): Score[] {
  const byRep = new Map<string, LedgerEntry[]>();
  for (const id of participantIds(contest)) byRep.set(id, []);
  for (const entry of entries) if (entry.contestId === contest.id) byRep.get(entry.repId)?.push(entry);
  return [...byRep].map(([repId, repEntries]) => {
    const counted =
      contest.metric === 'sla_hit_rate' ? repEntries : repEntries.filter((entry) => entry.points > 0);
    const reachedAt = counted.reduce<Date | null>(
      (latest, entry) => (latest && latest > entry.at ? latest : entry.at),
      null,
    );
    if (contest.metric !== 'sla_hit_rate') {
      return { repId, points: counted.reduce((sum, entry) => sum + entry.points, 0), reachedAt };
    }
    const tally = {
      hits: repEntries.filter((entry) => entry.rule === 'sla_hit').length,
      decided: repEntries.length,
    };
    return { repId, points: rateBasisPoints(tally), reachedAt, tally };
  });
}

/** The records behind one rep's points, newest first, for "why do I have these points". */
export function entriesForRep(entries: readonly LedgerEntry[], repId: string): LedgerEntry[] {
  return entries.filter((entry) => entry.repId === repId).sort((a, b) => b.at.getTime() - a.at.getTime());
}
