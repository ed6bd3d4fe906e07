import { describe, expect, it } from 'vitest';
import { keyspace, type RedisClient } from '../../../src/platform/redis.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { useRedis } from '../../helpers/redis.ts';
import { leadId, makeTask, makeUser, sfDateTime, userId } from '../../features/nudges/fixtures.ts';

/*
 * A page is stored in one MULTI; the object's version and the activity tokens of the leads it touched
 * are written after it. A sync killed between the two must not leave them unwritten for good: the
 * page's retry stores nothing new (its records are not newer), so before this it never wrote them,
 * and what was derived under the old token (the SLA index's clock facts, the per-worker memo of a
 * lead's activity) showed a touched lead as untouched until the lead changed again.
 */

/**
 * The same Redis, but the process "dies" at the first batch it sends after a page's MULTI (the
 * version and activity tokens): nothing of that batch is written.
 */
function dyingAfterTheMulti(redis: RedisClient): RedisClient {
  let multi = false;
  let died = false;
  const dead: object = new Proxy(
    {},
    {
      get: (_target, name) =>
        name === 'exec' ? () => Promise.reject(new Error('killed after the MULTI')) : () => dead,
    },
  );
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'multi') multi = true;
      if (property === 'pipeline' && multi && !died) {
        died = true;
        return () => dead;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a page stored by a sync killed before its stamps', () => {
  const fixture = useRedis();

  it("gets its leads' activity tokens when the page is retried", async () => {
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    const lead = leadId(1);
    const first = makeTask({
      Id: '00T000000000001AAA',
      WhoId: lead,
      CreatedDate: sfDateTime('2026-11-30T10:00:00Z'),
    });
    await store.applyPage('Task', [first]);
    const [before] = await store.activityStamps([lead]);
    expect(before).toEqual(expect.any(String));

    const call = makeTask({
      Id: '00T000000000002AAA',
      WhoId: lead,
      CreatedDate: sfDateTime('2026-11-30T11:00:00Z'),
    });
    const dying = new SyncedRecordStore(dyingAfterTheMulti(fixture.redis), keys);
    await expect(dying.applyPage('Task', [call])).rejects.toThrow('killed after the MULTI');
    expect((await store.activitiesOn(lead)).tasks).toHaveLength(2);

    // The retry: the same page, read again from Salesforce.
    expect(await store.applyPage('Task', [call])).toEqual([]);
    const [after] = await store.activityStamps([lead]);
    expect(after).toEqual(expect.any(String));
    expect(after).not.toBe(before);
  });

  it("moves the object's version, so a reader holding the records re-reads them", async () => {
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    await store.applyPage('User', [makeUser({ Id: userId(1), TimeZoneSidKey: 'UTC' })]);
    expect((await store.all('User')).map((u) => u.TimeZoneSidKey)).toEqual(['UTC']);

    const moved = makeUser({
      Id: userId(1),
      TimeZoneSidKey: 'Asia/Kolkata',
      SystemModstamp: sfDateTime('2030-01-01T00:00:00Z'),
    });
    const dying = new SyncedRecordStore(dyingAfterTheMulti(fixture.redis), keys);
    await expect(dying.applyPage('User', [moved])).rejects.toThrow('killed after the MULTI');

    // Any later page of the object (here the retry) finishes the stamps the killed one left.
    await store.applyPage('User', [moved]);
    expect((await store.all('User')).map((u) => u.TimeZoneSidKey)).toEqual(['Asia/Kolkata']);
  });

  it('changes nothing when a page is retried after a sync that was not killed', async () => {
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    const lead = leadId(2);
    const task = makeTask({
      Id: '00T000000000003AAA',
      WhoId: lead,
      CreatedDate: sfDateTime('2026-11-30T10:00:00Z'),
    });
    await store.applyPage('Task', [task]);
    const [before] = await store.activityStamps([lead]);
    expect(await store.applyPage('Task', [task])).toEqual([]);
    expect(await store.activityStamps([lead])).toEqual([before]);
  });
});
