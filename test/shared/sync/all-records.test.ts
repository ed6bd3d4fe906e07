import { describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { useRedis } from '../../helpers/redis.ts';
import { makeUser, sfDateTime, userId } from '../../features/nudges/fixtures.ts';

describe('SyncedRecordStore.all', () => {
  const fixture = useRedis();

  it('keeps what it read until a change is stored, by any store on the same keys', async () => {
    const keys = keyspace(fixture.prefix);
    const reader = new SyncedRecordStore(fixture.redis, keys);
    const writer = new SyncedRecordStore(fixture.redis, keys);
    await writer.applyPage('User', [makeUser({ Id: userId(1), TimeZoneSidKey: 'UTC' })]);
    expect((await reader.all('User')).map((u) => u.TimeZoneSidKey)).toEqual(['UTC']);
    expect((await reader.all('User')).map((u) => u.TimeZoneSidKey)).toEqual(['UTC']);

    const moved = makeUser({
      Id: userId(1),
      TimeZoneSidKey: 'Asia/Kolkata',
      SystemModstamp: sfDateTime('2030-01-01T00:00:00Z'),
    });
    await writer.applyPage('User', [moved, makeUser({ Id: userId(2) })]);
    const users = await reader.all('User');
    expect(users.map((u) => u.Id).sort()).toEqual([userId(1), userId(2)]);
    expect(users.find((u) => u.Id === userId(1))?.TimeZoneSidKey).toBe('Asia/Kolkata');
  });

  it('reads records stored before versions were kept', async () => {
    const keys = keyspace(fixture.prefix);
    await fixture.redis.hset(keys('sf', 'User'), userId(3), JSON.stringify(makeUser({ Id: userId(3) })));
    const store = new SyncedRecordStore(fixture.redis, keys);
    expect((await store.all('User')).map((u) => u.Id)).toEqual([userId(3)]);
    await store.applyPage('User', [makeUser({ Id: userId(4) })]);
    expect((await store.all('User')).map((u) => u.Id).sort()).toEqual([userId(3), userId(4)]);
  });
});
