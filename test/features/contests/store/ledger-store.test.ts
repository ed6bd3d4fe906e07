import { describe, expect, it } from 'vitest';
import { ContestLedger } from '../../../../src/features/contests/store/ledger-store.ts';
import { encodeScore, rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import { scoreActivities, standingsFromLedger } from '../../../../src/features/contests/domain/scoring.ts';
import { keyspace } from '../../../../src/platform/redis.ts';
import { useRedis } from '../../../helpers/redis.ts';
import { ANA, BEN, makeContest, makeLead, makeTask, sfId, SF_BEN, slackUserFor } from '../fixtures.ts';

const context = { now: new Date('2026-03-06T00:00:00Z'), slackUserFor, firstTouchDueAt: () => null };

describe('the Redis contest ledger', () => {
  const fixture = useRedis();

  it('applies a subject atomically and idempotently, and takes points back', async () => {
    const ledger = new ContestLedger(fixture.redis, keyspace(fixture.prefix));
    const contest = makeContest();
    await ledger.seedBoard(contest);
    const leadId = sfId('00Q', 1);
    const records = {
      leads: [makeLead(1)],
      tasks: [
        makeTask(1, { CreatedDate: '2026-03-02T15:00:00.000+0000' }),
        makeTask(2, { CreatedDate: '2026-03-02T16:00:00.000+0000' }), // same lead, same day: no point
        makeTask(3, { CreatedDate: '2026-03-03T15:00:00.000+0000' }), // next day: a point
      ],
    };
    const entries = scoreActivities(contest, records, context);
    expect(await ledger.applySubject(contest, leadId, entries)).toBe(2);
    // A job that runs twice applies nothing the second time.
    expect(await ledger.applySubject(contest, leadId, entries)).toBe(0);

    const board = await ledger.standings(contest);
    expect(board).toEqual(rankStandings(standingsFromLedger(contest, entries)));
    expect(board[0]).toMatchObject({ repId: ANA, points: 2, rank: 1 });
    expect(board[1]).toMatchObject({ repId: BEN, points: 0, reachedAt: null });
    const raw = await fixture.redis.zscore(ledger.boardKey(contest.id), ANA);
    expect(Number(raw)).toBe(encodeScore(2, new Date('2026-03-03T15:00:00Z'), contest.window.start));
    expect((await ledger.entriesForRep(contest, ANA)).map((e) => e.recordId)).toEqual([
      sfId('00T', 3),
      sfId('00T', 1),
    ]);

    // The day-two task is deleted in Salesforce: its point goes, and "reached at" moves back.
    const after = scoreActivities(contest, { ...records, tasks: records.tasks.slice(0, 2) }, context);
    expect(await ledger.applySubject(contest, leadId, after)).toBe(1);
    expect((await ledger.standings(contest))[0]).toMatchObject({
      repId: ANA,
      points: 1,
      reachedAt: new Date('2026-03-02T15:00:00Z'),
    });
  });

  it('rebuilds the whole board in one step from a full scoring', async () => {
    const ledger = new ContestLedger(fixture.redis, keyspace(fixture.prefix));
    const contest = makeContest();
    const records = {
      leads: [makeLead(1), makeLead(2, { OwnerId: SF_BEN })],
      tasks: [makeTask(1), makeTask(2, { WhoId: sfId('00Q', 2), OwnerId: SF_BEN })],
    };
    // A stale live board (a phantom point for Ben on a lead he never touched)...
    await ledger.applySubject(contest, sfId('00Q', 9), [
      { ...scoreActivities(contest, records, context)[1]!, key: 'phantom', leadId: sfId('00Q', 9) },
    ]);
    const entries = scoreActivities(contest, records, context);
    await ledger.replaceAll(contest, entries);
    const board = await ledger.standings(contest);
    expect(board.map((row) => [row.repId, row.points, row.rank])).toEqual([
      [ANA, 1, 1],
      [BEN, 1, 1],
    ]);
    expect(await ledger.contestsWithEntries(sfId('00Q', 9))).toEqual(new Set());
    expect(await ledger.entries(contest)).toHaveLength(2);
  });

  it('reads an SLA hit rate back with the hits and decided counts behind it, ranked by the policy minimum', async () => {
    const ledger = new ContestLedger(fixture.redis, keyspace(fixture.prefix));
    const contest = makeContest({ metric: 'sla_hit_rate' });
    await ledger.seedBoard(contest);
    const at = new Date('2026-03-02T15:00:00Z');
    const entry = (repId: string, n: number, hit: boolean) => ({
      key: `${contest.id}|${repId}|${hit ? 'sla_hit' : 'sla_miss'}|${sfId('00Q', n)}`,
      contestId: contest.id,
      repId,
      rule: hit ? ('sla_hit' as const) : ('sla_miss' as const),
      recordId: sfId('00Q', n),
      points: hit ? 1 : 0,
      at,
      leadId: sfId('00Q', n),
    });
    // Ana 1 of 1; Ben 5 of 6.
    const entries = [
      entry(ANA, 1, true),
      ...[2, 3, 4, 5, 6].map((n) => entry(BEN, n, true)),
      entry(BEN, 7, false),
    ];
    await ledger.replaceAll(contest, entries);
    const board = await ledger.standings(contest, { minDecided: 5 });
    expect(board).toEqual(rankStandings(standingsFromLedger(contest, entries), { minDecided: 5 }));
    expect(board.map((row) => [row.repId, row.rank, row.tally, row.needsMore])).toEqual([
      [BEN, 1, { hits: 5, decided: 6 }, 0],
      [ANA, 2, { hits: 1, decided: 1 }, 4],
    ]);
  });
});
