import { describe, expect, it } from 'vitest';
import {
  compareScores,
  decodeScore,
  driftReport,
  encodeScore,
  isWinner,
  MAX_ENCODABLE_POINTS,
  rankStandings,
  rankTeams,
  visibleStandings,
  type Score,
} from '../../../../src/features/contests/domain/ranking.ts';

const START = new Date('2026-03-02T14:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const score = (repId: string, points: number, minutes: number | null): Score => ({
  repId,
  points,
  reachedAt: minutes === null ? null : at(minutes),
});

describe('rankStandings', () => {
  it('uses competition ranking (1, 1, 3) and lists the earlier to reach a tie first', () => {
    const rows = rankStandings([
      score('U0C', 5, 30),
      score('U0A', 7, 50),
      score('U0B', 7, 10),
      score('U0D', 0, null),
      score('U0E', 5, 20),
    ]);
    expect(rows.map((row) => `${row.rank}:${row.repId}`)).toEqual([
      '1:U0B',
      '1:U0A',
      '3:U0E',
      '3:U0C',
      '5:U0D',
    ]);
  });

  it('puts never-scored after scored at equal points', () => {
    const rows = rankStandings([score('U0A', 0, null), score('U0B', 0, 5)]);
    expect(rows.map((row) => row.repId)).toEqual(['U0B', 'U0A']);
    expect(rows.map((row) => row.rank)).toEqual([1, 1]);
  });
});

describe('rankStandings for an SLA hit rate', () => {
  const rate = (repId: string, hits: number, decided: number, minutes: number | null): Score => ({
    repId,
    points: decided === 0 ? 0 : Math.round((10_000 * hits) / decided),
    reachedAt: minutes === null ? null : at(minutes),
    tally: { hits, decided },
  });

  it('ranks 49 of 50 (98%) above 1 of 1 (100%): by the Wilson lower bound, not the raw rate', () => {
    const rows = rankStandings([rate('U0LUCKY', 1, 1, 5), rate('U0STEADY', 49, 50, 50)]);
    expect(rows.map((row) => [row.rank, row.repId])).toEqual([
      [1, 'U0STEADY'],
      [2, 'U0LUCKY'],
    ]);
  });

  it('lists everyone below the policy minimum of decided leads after everyone who reached it', () => {
    const rows = rankStandings(
      [
        rate('U0FEW', 4, 4, 5),
        rate('U0MANY', 3, 6, 40),
        rate('U0NONE', 0, 0, null),
        rate('U0GOOD', 9, 10, 30),
      ],
      { minDecided: 5 },
    );
    expect(rows.map((row) => [row.rank, row.repId, row.needsMore])).toEqual([
      [1, 'U0GOOD', 0],
      [2, 'U0MANY', 0],
      [3, 'U0FEW', 1],
      [4, 'U0NONE', 5],
    ]);
    // Someone short of the minimum cannot win, even ranked first when nobody reached it.
    const alone = rankStandings([rate('U0FEW', 4, 4, 5)], { minDecided: 5 });
    expect(alone.map(isWinner)).toEqual([false]);
    expect(rows.filter(isWinner).map((row) => row.repId)).toEqual(['U0GOOD']);
  });

  it('keeps the tie rule: equal records share a rank and the earlier one is listed first', () => {
    const rows = rankStandings([rate('U0B', 5, 5, 30), rate('U0A', 5, 5, 10), rate('U0C', 0, 5, 5)], {
      minDecided: 5,
    });
    expect(rows.map((row) => `${row.rank}:${row.repId}`)).toEqual(['1:U0A', '1:U0B', '3:U0C']);
  });
});

describe('rankTeams', () => {
  it('sums members; a person in two groups counts for the first team only', () => {
    const scores = [score('U0A', 3, 10), score('U0B', 4, 40), score('U0C', 5, 20), score('U0D', 2, 30)];
    const rows = rankTeams(scores, [
      { usergroupId: 'S0EAST', name: 'East', memberIds: ['U0A', 'U0B'] },
      { usergroupId: 'S0WEST', name: 'West', memberIds: ['U0C', 'U0D', 'U0A'] },
    ]);
    // East 3 + 4 = 7 reached at minute 40; West 5 + 2 = 7 reached at minute 30 -> West first, shared rank.
    expect(rows.map((row) => [row.rank, row.name, row.points, row.memberCount])).toEqual([
      [1, 'West', 7, 2],
      [1, 'East', 7, 2],
    ]);
  });
});

describe('visibleStandings', () => {
  const rows = rankStandings(
    Array.from({ length: 20 }, (_, i) => score(`U0R${String(i).padStart(2, '0')}`, 100 - i, i)),
  );

  it('shows the top N plus the viewer with two above and two below', () => {
    const view = visibleStandings(rows, { viewerId: 'U0R12', publicTopN: 5 });
    expect(view.top.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(view.aroundViewer.map((row) => row.rank)).toEqual([11, 12, 13, 14, 15]);
    expect(view.viewerRow?.rank).toBe(13);
    expect(view.hiddenCount).toBe(10);
  });

  it('does not repeat rows already in the top N, and clips at the end', () => {
    expect(visibleStandings(rows, { viewerId: 'U0R02', publicTopN: 5 }).aroundViewer).toEqual([]);
    expect(
      visibleStandings(rows, { viewerId: 'U0R06', publicTopN: 5 }).aroundViewer.map((r) => r.rank),
    ).toEqual([6, 7, 8, 9]);
    expect(
      visibleStandings(rows, { viewerId: 'U0R19', publicTopN: 5 }).aroundViewer.map((r) => r.rank),
    ).toEqual([18, 19, 20]);
  });

  it('shows everyone without a top N, and an unknown viewer has no row', () => {
    const view = visibleStandings(rows, { viewerId: 'U0NOPE' });
    expect(view.top).toHaveLength(20);
    expect(view.viewerRow).toBeNull();
  });
});

describe('driftReport', () => {
  it('reports changed scores and whether the winner changed', () => {
    const live = rankStandings([score('U0A', 5, 10), score('U0B', 4, 5)]);
    const recomputed = rankStandings([score('U0A', 3, 10), score('U0B', 4, 5)]);
    const report = driftReport(live, recomputed);
    expect(report.hasDrift).toBe(true);
    expect(report.winnersChanged).toBe(true);
    expect(report.changes).toEqual([
      { repId: 'U0A', livePoints: 5, recomputedPoints: 3, delta: -2, liveRank: 1, recomputedRank: 2 },
    ]);
    expect(driftReport(live, live)).toEqual({ hasDrift: false, changes: [], winnersChanged: false });
  });
});

describe('encodeScore / decodeScore', () => {
  it('orders like rankStandings when sorted by score descending (as ZREVRANGE reads)', () => {
    const scores = [
      score('U0A', 7, 50),
      score('U0B', 7, 10),
      score('U0C', 5, 30),
      score('U0D', 0, null),
      score('U0E', 5, 20),
      score('U0F', 8, 43_000), // a month in
      score('U0G', 0, 1),
    ];
    const byEncoding = [...scores]
      .sort((a, b) => encodeScore(b.points, b.reachedAt, START) - encodeScore(a.points, a.reachedAt, START))
      .map((s) => s.repId);
    expect(byEncoding).toEqual([...scores].sort(compareScores).map((s) => s.repId));
  });

  it('round-trips to the second and keeps null', () => {
    const reachedAt = new Date(START.getTime() + 123_456_000);
    expect(decodeScore(encodeScore(42, reachedAt, START), START)).toEqual({ points: 42, reachedAt });
    expect(decodeScore(encodeScore(0, null, START), START)).toEqual({ points: 0, reachedAt: null });
    const big = encodeScore(MAX_ENCODABLE_POINTS, START, START);
    expect(Number.isSafeInteger(big)).toBe(true);
    expect(decodeScore(big, START)).toEqual({ points: MAX_ENCODABLE_POINTS, reachedAt: START });
  });

  it('refuses what a double cannot hold exactly', () => {
    expect(() => encodeScore(MAX_ENCODABLE_POINTS + 1, START, START)).toThrow(RangeError);
    expect(() => encodeScore(-1, START, START)).toThrow(RangeError);
    expect(() => encodeScore(1.5, START, START)).toThrow(RangeError);
  });
});
