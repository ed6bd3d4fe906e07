import { decidedStillNeeded, wilsonLowerBound, type HitTally } from './hit-rate.ts';
import type { Team } from './model.ts';

/**
 * Leaderboard order: points descending; equal points share a rank (competition ranking 1, 1, 3)
 * and the one who reached the score first is listed first. Nobody-scored-yet (reachedAt null)
 * comes after everyone with the same points.
 */

export interface Score {
  repId: string;
  points: number;
  /** When the current total was reached; null when nothing has scored. */
  reachedAt: Date | null;
  /** SLA hit rate only: the hits and decided leads behind `points` (the rate in basis points). */
  tally?: HitTally;
}

export interface RankedRow extends Score {
  rank: number;
  /** SLA hit rate only: decided leads still needed to rank with everyone else (0 once reached). */
  needsMore?: number;
}

export interface RankingRules {
  /** SLA hit rate: decided leads a rep needs before ranking above anyone (policy slaHitRate.minDecided). */
  minDecided?: number;
  /** Time to accept: the smallest score ranks first; nobody-scored-yet (0 points) still ranks last. */
  lowerIsBetter?: boolean;
}

/** First place with something scored, and (hit rate) enough decided leads to count. */
export const isWinner = (row: RankedRow): boolean =>
  row.rank === 1 && row.points > 0 && (row.needsMore ?? 0) === 0;

const reachedMs = (score: Score): number => score.reachedAt?.getTime() ?? Number.POSITIVE_INFINITY;

export function compareScores(a: Score, b: Score): number {
  return b.points - a.points || reachedMs(a) - reachedMs(b) || a.repId.localeCompare(b.repId);
}

/** Lower first among those who scored (a time is at least 1), then everyone at 0. */
function compareLowerFirst(a: Score, b: Score): number {
  const unscored = (score: Score): number => (score.points > 0 ? 0 : 1);
  return (
    unscored(a) - unscored(b) ||
    a.points - b.points ||
    reachedMs(a) - reachedMs(b) ||
    a.repId.localeCompare(b.repId)
  );
}

export function rankStandings(scores: readonly Score[], rules: RankingRules = {}): RankedRow[] {
  if (scores.some((score) => score.tally !== undefined)) return rankHitRates(scores, rules.minDecided ?? 0);
  const sorted = [...scores].sort(rules.lowerIsBetter ? compareLowerFirst : compareScores);
  const rows: RankedRow[] = [];
  sorted.forEach((score, index) => {
    const previous = rows[index - 1];
    const rank = previous && previous.points === score.points ? previous.rank : index + 1;
    rows.push({ ...score, rank });
  });
  return rows;
}

/**
 * Hit rates rank by the Wilson lower bound of hits/decided (hit-rate.ts), and everyone short of the
 * minimum of decided leads comes after everyone who reached it. Equal bounds share a rank as equal
 * points do; within a tie the one who got there first is listed first.
 */
function rankHitRates(scores: readonly Score[], minDecided: number): RankedRow[] {
  const keyed = scores.map((score) => {
    const tally = score.tally ?? { hits: 0, decided: 0 };
    return {
      score,
      needsMore: decidedStillNeeded(tally, minDecided),
      strength: wilsonLowerBound(tally.hits, tally.decided),
    };
  });
  const short = (needsMore: number): number => (needsMore > 0 ? 1 : 0);
  keyed.sort(
    (a, b) =>
      short(a.needsMore) - short(b.needsMore) || b.strength - a.strength || compareScores(a.score, b.score),
  );
  const rows: RankedRow[] = [];
  keyed.forEach(({ score, needsMore, strength }, index) => {
    const previous = keyed[index - 1];
    const tied =
      previous !== undefined &&
      short(previous.needsMore) === short(needsMore) &&
      previous.strength === strength;
    rows.push({ ...score, rank: tied ? (rows[index - 1]?.rank ?? index + 1) : index + 1, needsMore });
  });
  return rows;
}

export interface TeamRow {
  rank: number;
  usergroupId: string;
  name: string;
  points: number;
  reachedAt: Date | null;
  memberCount: number;
}

/**
 * Team totals sum the members' points. A person in several teams' user groups counts for the first
 * team listed only, so overlapping groups cannot double a score. A team reached its total when its
 * last contributing member did.
 */
export function rankTeams(scores: readonly Score[], teams: readonly Team[]): TeamRow[] {
  const byRep = new Map(scores.map((score) => [score.repId, score]));
  const claimed = new Set<string>();
  const totals = teams.map((team) => {
    let points = 0;
    let reachedAt: Date | null = null;
    let memberCount = 0;
    for (const memberId of team.memberIds) {
      if (claimed.has(memberId)) continue;
      claimed.add(memberId);
      memberCount++;
      const score = byRep.get(memberId);
      if (!score) continue;
      points += score.points;
      if (score.points !== 0 && score.reachedAt && (!reachedAt || score.reachedAt > reachedAt)) {
        reachedAt = score.reachedAt;
      }
    }
    return { repId: team.usergroupId, points, reachedAt, name: team.name, memberCount };
  });
  const names = new Map(totals.map((total) => [total.repId, total]));
  return rankStandings(totals).map((row) => ({
    rank: row.rank,
    usergroupId: row.repId,
    name: names.get(row.repId)?.name ?? row.repId,
    points: row.points,
    reachedAt: row.reachedAt,
    memberCount: names.get(row.repId)?.memberCount ?? 0,
  }));
}

export interface VisibleStandings {
  /** The public part: the top N (all rows when no N is set). */
  top: RankedRow[];
  /** The viewer and up to `neighbours` rows either side, when the viewer is not already in `top`. */
  aroundViewer: RankedRow[];
  viewerRow: RankedRow | null;
  /** Rows shown in neither part. */
  hiddenCount: number;
}

export function visibleStandings(
  rows: readonly RankedRow[],
  options: { viewerId?: string; publicTopN?: number; neighbours?: number },
): VisibleStandings {
  const topCount = options.publicTopN ?? rows.length;
  const top = rows.slice(0, topCount);
  const viewerIndex =
    options.viewerId === undefined ? -1 : rows.findIndex((row) => row.repId === options.viewerId);
  const viewerRow = rows[viewerIndex] ?? null;
  let aroundViewer: RankedRow[] = [];
  if (viewerIndex >= topCount) {
    const neighbours = options.neighbours ?? 2;
    const from = Math.max(topCount, viewerIndex - neighbours);
    aroundViewer = rows.slice(from, viewerIndex + neighbours + 1);
  }
  return { top, aroundViewer, viewerRow, hiddenCount: rows.length - top.length - aroundViewer.length };
}

export interface DriftChange {
  repId: string;
  livePoints: number;
  recomputedPoints: number;
  delta: number;
  liveRank: number | null;
  recomputedRank: number | null;
}

export interface DriftReport {
  hasDrift: boolean;
  changes: DriftChange[];
  /** True when the drift changes who is ranked first. */
  winnersChanged: boolean;
}

/** Live board vs. recomputed-from-Salesforce board, before the final post. */
export function driftReport(live: readonly RankedRow[], recomputed: readonly RankedRow[]): DriftReport {
  const liveById = new Map(live.map((row) => [row.repId, row]));
  const recomputedById = new Map(recomputed.map((row) => [row.repId, row]));
  const changes: DriftChange[] = [];
  for (const repId of new Set([...liveById.keys(), ...recomputedById.keys()])) {
    const before = liveById.get(repId);
    const after = recomputedById.get(repId);
    const livePoints = before?.points ?? 0;
    const recomputedPoints = after?.points ?? 0;
    if (livePoints === recomputedPoints) continue;
    changes.push({
      repId,
      livePoints,
      recomputedPoints,
      delta: recomputedPoints - livePoints,
      liveRank: before?.rank ?? null,
      recomputedRank: after?.rank ?? null,
    });
  }
  changes.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.repId.localeCompare(b.repId));
  const winners = (rows: readonly RankedRow[]) =>
    rows
      .filter(isWinner)
      .map((row) => row.repId)
      .sort()
      .join(',');
  return { hasDrift: changes.length > 0, changes, winnersChanged: winners(live) !== winners(recomputed) };
}

/*
 * Redis sorted-set encoding (for the leaderboard adapter). ZSET members with equal scores are ordered
 * lexicographically by member, which would break ties by Slack id instead of "reached it first".
 * So the tie-break is folded into the score: score = points * SLOT + (SLOT - 1 - secondsAfterStart).
 * Read with ZREVRANGE (highest first): more points first, then the smaller elapsed time. Scores are
 * IEEE doubles, exact up to 2^53, so with SLOT = 1e7 seconds (~115 days, enough for a 30-day contest
 * scored a while after it ends) points may go up to ~900 million: enough for won amounts in whole
 * currency units. Never-scored (reachedAt null) encodes as the latest possible time.
 */
export const SCORE_TIME_SLOT = 10_000_000;
export const MAX_ENCODABLE_POINTS = Math.floor((Number.MAX_SAFE_INTEGER - SCORE_TIME_SLOT) / SCORE_TIME_SLOT);

export function encodeScore(points: number, reachedAt: Date | null, contestStart: Date): number {
  if (!Number.isInteger(points) || points < 0 || points > MAX_ENCODABLE_POINTS) {
    throw new RangeError(`points must be a whole number from 0 to ${MAX_ENCODABLE_POINTS}, got ${points}`);
  }
  const elapsed =
    reachedAt === null
      ? SCORE_TIME_SLOT - 1
      : Math.min(
          SCORE_TIME_SLOT - 2,
          Math.max(0, Math.floor((reachedAt.getTime() - contestStart.getTime()) / 1000)),
        );
  return points * SCORE_TIME_SLOT + (SCORE_TIME_SLOT - 1 - elapsed);
}

/** Inverse of encodeScore, to the second. */
export function decodeScore(score: number, contestStart: Date): { points: number; reachedAt: Date | null } {
  const points = Math.floor(score / SCORE_TIME_SLOT);
  const elapsed = SCORE_TIME_SLOT - 1 - (score - points * SCORE_TIME_SLOT);
  const reachedAt =
    elapsed === SCORE_TIME_SLOT - 1 ? null : new Date(contestStart.getTime() + elapsed * 1000);
  return { points, reachedAt };
}
