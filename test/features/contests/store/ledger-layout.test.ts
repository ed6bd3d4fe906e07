import { describe, expect, it } from 'vitest';
import { LedgerMigration } from '../../../../src/features/contests/store/ledger-migration.ts';
import { ContestLedger } from '../../../../src/features/contests/store/ledger-store.ts';
import { scoreActivities } from '../../../../src/features/contests/domain/scoring.ts';
import { keyspace } from '../../../../src/platform/redis.ts';
import { useRedis } from '../../../helpers/redis.ts';
import { ANA, makeContest, makeLead, makeTask, sfId, slackUserFor } from '../fixtures.ts';

const context = { now: new Date('2026-03-06T00:00:00Z'), slackUserFor, firstTouchDueAt: () => null };
const records = {
  leads: [makeLead(1)],
  tasks: [
    makeTask(1, { CreatedDate: '2026-03-02T15:00:00.000+0000' }),
    makeTask(3, { CreatedDate: '2026-03-03T15:00:00.000+0000' }),
  ],
};

async function keysUnder(fixture: ReturnType<typeof useRedis>): Promise<string[]> {
  return (await fixture.redis.keys(`${fixture.prefix}:*`)).sort();
}

describe('the contest ledger’s key layout', () => {
  const fixture = useRedis();

  it('keeps every key the scoring script touches under the contest’s hash tag (one Cluster slot)', async () => {
    const ledger = new ContestLedger(fixture.redis, keyspace(fixture.prefix));
    const contest = makeContest();
    await ledger.seedBoard(contest);
    const entries = scoreActivities(contest, records, context);
    await ledger.applySubjects([
      { contest, subject: sfId('00Q', 1), entries, edit: { interval: 7, ttlMs: 60_000 } },
    ]);
    const keys = await keysUnder(fixture);
    const perContest = keys.filter((key) => !key.startsWith(`${fixture.prefix}:contests:`));
    expect(perContest.length).toBeGreaterThanOrEqual(6);
    for (const key of perContest) expect(key).toContain(`:{contest:${contest.id}}:`);
    // Which contests hold entries for a lead spans contests: written beside the script, not in it.
    expect(keys).toContain(`${fixture.prefix}:contests:subject:${sfId('00Q', 1)}`);
    expect(await ledger.contestsWithEntries(sfId('00Q', 1))).toEqual(new Set([contest.id]));
  });

  it('raises the board-edit flag on the first change of an interval only', async () => {
    const ledger = new ContestLedger(fixture.redis, keyspace(fixture.prefix));
    const contest = makeContest();
    const lead = sfId('00Q', 1);
    const all = scoreActivities(contest, records, context);
    const edit = { interval: 41, ttlMs: 60_000 };
    const apply = async (entries: typeof all, interval = edit) =>
      (await ledger.applySubjects([{ contest, subject: lead, entries, edit: interval }]))[0];
    expect(await apply(all.slice(0, 1))).toEqual({ changed: 1, editFlagged: true });
    expect(await apply(all)).toEqual({ changed: 1, editFlagged: false });
    expect(await apply(all)).toEqual({ changed: 0, editFlagged: false });
    expect(await apply(all.slice(0, 1), { interval: 42, ttlMs: 60_000 })).toEqual({
      changed: 1,
      editFlagged: true,
    });
    // Nothing changed in a new interval: no edit to ask for.
    expect(await apply(all.slice(0, 1), { interval: 43, ttlMs: 60_000 })).toEqual({
      changed: 0,
      editFlagged: false,
    });
    await ledger.dropEditFlag(contest.id, 42);
    expect(await apply(all, { interval: 42, ttlMs: 60_000 })).toEqual({ changed: 1, editFlagged: true });
  });

  it('renames a ledger stored before the hash tags, keeping its points', async () => {
    const keys = keyspace(fixture.prefix);
    const ledger = new ContestLedger(fixture.redis, keys);
    const contest = makeContest();
    await ledger.seedBoard(contest);
    await ledger.applySubject(contest, sfId('00Q', 1), scoreActivities(contest, records, context));
    const before = await ledger.standings(contest);
    const tagged = await keysUnder(fixture);
    // Put it back in the old layout, as a running contest from before the upgrade has it.
    for (const key of tagged) {
      if (key.includes(`{contest:${contest.id}}`)) {
        await fixture.redis.rename(key, key.replace(`{contest:${contest.id}}`, `contest:${contest.id}`));
      }
    }
    expect(await ledger.standings(contest)).toEqual([]);
    const migration = new LedgerMigration(fixture.redis, keys);
    expect(await migration.migrate(contest)).toBe(true);
    expect(await ledger.standings(contest)).toEqual(before);
    expect(before[0]).toMatchObject({ repId: ANA, points: 2 });
    expect(await ledger.entriesForRep(contest, ANA)).toHaveLength(2);
    expect((await keysUnder(fixture)).filter((key) => key.includes(`:contest:${contest.id}:`))).toEqual([]);
    // Checked once per process; a contest already in the new layout is left alone.
    expect(await migration.migrate(contest)).toBe(false);
    expect(await new LedgerMigration(fixture.redis, keys).migrate(contest)).toBe(false);
  });
});
