import { describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import type { CampaignMember, SfEvent, Task } from '../../../src/platform/salesforce/records.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { useRedis } from '../../helpers/redis.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';

const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}AAA`;
const stamp = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, '0')}:00.000+0000`;
const LEAD_A = sfId('00Q', 1);
const LEAD_B = sfId('00Q', 2);

const task = (n: number, whoId: string | null, minute = 0, deleted = false): Task => ({
  Id: sfId('00T', n),
  WhoId: whoId,
  WhatId: null,
  OwnerId: sfId('005', 1),
  Subject: 'Call',
  TaskSubtype: 'Call',
  Type: null,
  Status: 'Completed',
  ActivityDate: null,
  CreatedDate: stamp(0),
  IsDeleted: deleted,
  SystemModstamp: stamp(minute),
});

const meeting = (n: number, whoId: string): SfEvent => ({
  Id: sfId('00U', n),
  WhoId: whoId,
  WhatId: null,
  OwnerId: sfId('005', 1),
  Subject: 'Meeting',
  StartDateTime: stamp(30),
  CreatedDate: stamp(0),
  IsDeleted: false,
  SystemModstamp: stamp(0),
});

const member = (n: number, leadId: string, minute = 0): CampaignMember => ({
  Id: sfId('00v', n),
  CampaignId: sfId('701', 1),
  LeadId: leadId,
  Status: 'Responded',
  CreatedDate: stamp(0),
  IsDeleted: false,
  SystemModstamp: stamp(minute),
});

const ids = (records: readonly { Id: string }[]) => records.map((record) => record.Id).sort();

describe('records kept by the lead they hang off', () => {
  const fixture = useRedis();

  it('follows tasks, events and campaign members as they are written, moved and deleted', async () => {
    const store = new SyncedRecordStore(fixture.redis, keyspace(fixture.prefix));
    await store.applyPage('Task', [task(1, LEAD_A), task(2, LEAD_A), task(3, LEAD_B), task(4, null)]);
    await store.applyPage('Event', [meeting(1, LEAD_A)]);
    await store.applyPage('CampaignMember', [member(1, LEAD_A)]);
    expect(ids((await store.activitiesOn(LEAD_A)).tasks)).toEqual([sfId('00T', 1), sfId('00T', 2)]);
    expect(ids((await store.activitiesOn(LEAD_A)).events)).toEqual([sfId('00U', 1)]);

    // Task 2 moves to lead B, task 1 is deleted, the membership moves to lead B.
    await store.applyPage('Task', [task(2, LEAD_B, 1), task(1, LEAD_A, 1, true)]);
    await store.applyPage('CampaignMember', [member(1, LEAD_B, 1)]);
    const [a, b] = [await store.activitiesOn(LEAD_A), await store.activitiesOn(LEAD_B)];
    expect(a.tasks).toEqual([]);
    expect(ids(b.tasks)).toEqual([sfId('00T', 2), sfId('00T', 3)]);
    // The copy is the record as last written.
    expect(b.tasks.find((t) => t.Id === sfId('00T', 2))?.SystemModstamp).toBe(stamp(1));
    expect(await store.campaignMembersOfLead(LEAD_A)).toEqual([]);
    expect(ids(await store.campaignMembersOfLead(LEAD_B))).toEqual([sfId('00v', 1)]);
  });

  it('reads a lead with everything on it, and many leads, in one round trip each', async () => {
    const store = new SyncedRecordStore(fixture.redis, keyspace(fixture.prefix));
    await store.applyPage('Task', [task(1, LEAD_A), task(2, LEAD_B)]);
    await store.applyPage('Event', [meeting(1, LEAD_A)]);
    await store.applyPage('CampaignMember', [member(1, LEAD_A)]);
    await store.activitiesOn(LEAD_A); // the once-per-process check for older records
    const trips = countRoundTrips(fixture.redis);
    const read = await store.leadWithActivities(LEAD_A, { campaignMembers: true });
    expect(trips.count).toBe(1);
    expect([ids(read.tasks), ids(read.events), ids(read.campaignMembers)]).toEqual([
      [sfId('00T', 1)],
      [sfId('00U', 1)],
      [sfId('00v', 1)],
    ]);
    const many = await store.activitiesOnMany([LEAD_A, LEAD_B]);
    expect(trips.count).toBe(2);
    expect(ids(many.get(LEAD_B)?.tasks ?? [])).toEqual([sfId('00T', 2)]);
  });

  it('copies records stored before the copies existed once, and drops the id sets they replace', async () => {
    const keys = keyspace(fixture.prefix);
    const { redis } = fixture;
    // As an older bullpen stored them: the object hashes and id sets by lead.
    const old = [task(1, LEAD_A), task(2, LEAD_B), task(3, LEAD_A, 0, true)];
    for (const record of old) await redis.hset(keys('sf', 'Task'), record.Id, JSON.stringify(record));
    await redis.sadd(keys('sf', 'Task', 'byWho', LEAD_A), sfId('00T', 1));
    await redis.sadd(keys('sf', 'Task', 'byWho', LEAD_B), sfId('00T', 2));
    await redis.hset(keys('sf', 'Event'), sfId('00U', 1), JSON.stringify(meeting(1, LEAD_B)));
    await redis.sadd(keys('sf', 'Event', 'byWho', LEAD_B), sfId('00U', 1));
    await redis.hset(keys('sf', 'CampaignMember'), sfId('00v', 1), JSON.stringify(member(1, LEAD_A)));
    await redis.sadd(keys('sf', 'CampaignMember', 'byLead', LEAD_A), sfId('00v', 1));

    // A new bullpen's sync writes before anyone reads: the older records are copied first, then its
    // newer version of task 2 replaces the copy.
    const store = new SyncedRecordStore(redis, keys);
    await store.applyPage('Task', [task(2, LEAD_B, 5)]);
    const b = await store.activitiesOn(LEAD_B);
    expect(ids(b.tasks)).toEqual([sfId('00T', 2)]);
    expect(b.tasks[0]?.SystemModstamp).toBe(stamp(5));
    expect(ids(b.events)).toEqual([sfId('00U', 1)]);
    expect(ids((await store.activitiesOn(LEAD_A)).tasks)).toEqual([sfId('00T', 1)]);
    expect(ids(await store.campaignMembersOfLead(LEAD_A))).toEqual([sfId('00v', 1)]);
    const legacy = [
      keys('sf', 'Task', 'byWho', LEAD_A),
      keys('sf', 'Task', 'byWho', LEAD_B),
      keys('sf', 'Event', 'byWho', LEAD_B),
      keys('sf', 'CampaignMember', 'byLead', LEAD_A),
    ];
    expect(await redis.exists(...legacy)).toBe(0);
    expect(await redis.exists(keys('sf', 'parent-records', 'v1'))).toBe(1);

    // Another process finds the marker: one EXISTS, no copying.
    const other = new SyncedRecordStore(redis, keys);
    const trips = countRoundTrips(redis);
    expect(ids((await other.activitiesOn(LEAD_A)).tasks)).toEqual([sfId('00T', 1)]);
    expect(trips.commands).toBe(3);
  });
});
