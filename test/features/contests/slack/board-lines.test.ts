import { describe, expect, it } from 'vitest';
import {
  finalRankDm,
  finalResultsMessage,
  leaderboardEphemeral,
  leaderboardMessage,
  reminderMessage,
  type ContestMessage,
} from '../../../../src/features/contests/slack/blocks.ts';
import { rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import { standingsFromLedger } from '../../../../src/features/contests/domain/scoring.ts';
import type { LedgerEntry, LedgerRule } from '../../../../src/features/contests/domain/scoring-types.ts';
import { ANA, BEN, CARL, makeContest } from '../fixtures.ts';

const NOW = new Date('2026-03-03T14:00:00Z');
const text = (message: ContestMessage): string => JSON.stringify(message.blocks);

function entries(repId: string, hits: number, misses: number): LedgerEntry[] {
  const one = (rule: LedgerRule, i: number): LedgerEntry => ({
    key: `ctest01|${repId}|${rule}|${i}`,
    contestId: 'ctest01',
    repId,
    rule,
    recordId: `${rule}${i}`,
    points: rule === 'sla_hit' ? 1 : 0,
    at: new Date(NOW.getTime() - 60_000 * i),
  });
  return [
    ...Array.from({ length: hits }, (_, i) => one('sla_hit', i)),
    ...Array.from({ length: misses }, (_, i) => one('sla_miss', i)),
  ];
}

describe('SLA hit-rate board lines', () => {
  // Ana: 49 of 50. Ben: 1 of 1. Carl: 3 of 4, one short of the minimum of 5.
  const contest = makeContest({
    metric: 'sla_hit_rate',
    participants: { kind: 'users', userIds: [ANA, BEN, CARL] },
  });
  const ledger = [...entries(ANA, 49, 1), ...entries(BEN, 1, 0), ...entries(CARL, 3, 1)];
  const rows = rankStandings(standingsFromLedger(contest, ledger), { minDecided: 5 });
  const names = new Map([
    [ANA, 'Ana'],
    [BEN, 'Ben'],
    [CARL, 'Carl'],
  ]);

  it('shows hits/decided next to the rate and ranks the steady record first', () => {
    const board = text(leaderboardMessage(contest, rows, { now: NOW, names }));
    expect(board).toContain('🥇 Ana · 49/50 · 98%');
    // Short of the minimum: listed after, no medal, and says how many more due leads it takes.
    expect(board).toContain('2. Carl · 3/4 · 75% · needs 1 more due lead to rank');
    expect(board).toContain('3. Ben · 1/1 · 100% · needs 4 more due leads to rank');
    expect(board.indexOf('Ana')).toBeLessThan(board.indexOf('Ben'));
  });

  it('tells the same story on /leaderboard, reminders and the final results', () => {
    const ephemeral = text(leaderboardEphemeral(contest, rows, { now: NOW, names, viewerId: BEN }));
    expect(ephemeral).toContain('*3. Ben · 1/1 · 100% · needs 4 more due leads to rank*  ← you');
    expect(text(reminderMessage(contest, '1h-left', rows, { now: NOW, names, publicTopN: 10 }))).toContain(
      '🥇 Ana · 49/50 · 98%',
    );
    const final = text(finalResultsMessage(contest, rows, { now: NOW, names, publicTopN: 10 }));
    expect(final).toContain(`Winner: <@${ANA}> with 49/50 · 98%`);
    expect(text(finalRankDm(contest, rows[0] ?? null, rows.length))).toContain('with 49/50 · 98%');
  });

  it('names no winner when nobody reached the minimum of decided leads', () => {
    const few = rankStandings(standingsFromLedger(contest, entries(BEN, 1, 0)), { minDecided: 5 });
    const final = text(finalResultsMessage(contest, few, { now: NOW, names, publicTopN: 10 }));
    expect(final).not.toContain('Winner');
    expect(final).toContain('Nobody reached the minimum of due leads');
  });
});
