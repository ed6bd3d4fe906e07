import { describe, expect, it } from 'vitest';
import { ContestStore } from '../../../../src/features/contests/store/contest-store.ts';
import { endContest } from '../../../../src/features/contests/domain/model.ts';
import { keyspace } from '../../../../src/platform/redis.ts';
import { useRedis } from '../../../helpers/redis.ts';
import { makeContest } from '../fixtures.ts';

describe('the contest documents’ key layout', () => {
  const fixture = useRedis();
  const under = async () => (await fixture.redis.keys(`${fixture.prefix}:*`)).sort();

  it('keeps a contest, the index and the version counter under one hash tag (one Cluster slot)', async () => {
    const store = new ContestStore(fixture.redis, keyspace(fixture.prefix));
    expect(await store.create(makeContest({ id: 'ctag01' }))).toBe(true);
    expect(await under()).toEqual(
      ['{contests}:by-created', '{contests}:contest:ctag01', '{contests}:version'].map(
        (key) => `${fixture.prefix}:${key}`,
      ),
    );
  });

  it('renames contests stored before the tag on first use, keeping them and the version', async () => {
    const keys = keyspace(fixture.prefix);
    const { redis } = fixture;
    // As an older bullpen stored them.
    const contests = [makeContest({ id: 'cold01' }), makeContest({ id: 'cold02', name: 'Second' })];
    for (const [index, contest] of contests.entries()) {
      await redis.set(keys('contest', contest.id), JSON.stringify(contest));
      await redis.zadd(keys('contests', 'by-created'), index + 1, contest.id);
    }
    await redis.set(keys('contests', 'version'), '7');

    const store = new ContestStore(redis, keys);
    expect((await store.list()).map((contest) => contest.id)).toEqual(['cold02', 'cold01']);
    expect(await store.version()).toBe('7');
    expect(await redis.exists(keys('contest', 'cold01'), keys('contests', 'by-created'))).toBe(0);
    const ended = await store.update('cold01', (contest) =>
      endContest(contest, new Date('2026-03-04T00:00:00Z')),
    );
    expect(ended.ok).toBe(true);
    expect((await store.get('cold01'))?.status).toBe('ended');
    expect(await store.version()).toBe('8');
    // A second store (another process) finds the new layout and moves nothing.
    const other = new ContestStore(redis, keys);
    expect((await other.get('cold02'))?.name).toBe('Second');
    expect((await under()).every((key) => key.startsWith(`${fixture.prefix}:{contests}:`))).toBe(true);
  });
});
