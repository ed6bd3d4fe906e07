import { describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import type { CampaignMember } from '../../../src/platform/salesforce/records.ts';
import { readCampaignMembersByLead } from '../../../src/shared/sync/lead-activity-reads.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { useRedis } from '../../helpers/redis.ts';
import { leadId, makeCampaignMember, sfDateTime } from '../../features/nudges/fixtures.ts';

/*
 * A store keeps each lead's campaign memberships under the CampaignMember version (reports and
 * contests read the same leads' on every request). After any page sync stores, by this store or
 * another process's, the kept answer must be what reading the memberships gives; unchanged, a read
 * costs one GET.
 */

const CAMPAIGN = '701000000000001AAA';
const later = (member: CampaignMember, iso: string, change: Partial<CampaignMember>): CampaignMember => ({
  ...member,
  ...change,
  SystemModstamp: sfDateTime(iso),
});
const ids = (members: readonly CampaignMember[]): string[] =>
  members.map((m) => `${m.Id}:${m.LeadId}`).sort();

describe('campaign memberships kept by a store', () => {
  const fixture = useRedis();

  it("are each lead's memberships after every change, and one GET while none is stored", async () => {
    const keys = keyspace(fixture.prefix);
    const reader = new SyncedRecordStore(fixture.redis, keys);
    const writer = new SyncedRecordStore(fixture.redis, keys);
    const leads = [1, 2, 3, 4].map(leadId);
    const read = async (): Promise<string[]> =>
      ids((await readCampaignMembersByLead(fixture.redis, keys, leads)).flat());
    const kept = async (): Promise<string[]> => ids(await reader.campaignMembersOfMany(leads));

    const first = makeCampaignMember(1, CAMPAIGN, leadId(1));
    const second = makeCampaignMember(2, CAMPAIGN, leadId(2));
    await writer.applyPage('CampaignMember', [first, second]);
    expect(await kept()).toEqual(await read());
    expect(await kept()).toHaveLength(2);

    const trips = countRoundTrips(fixture.redis);
    expect(await kept()).toEqual(await read());
    const before = trips.count;
    await reader.campaignMembersOfMany(leads);
    expect(trips.count - before).toBe(1);

    // A new membership, one moved to another lead, one deleted: each stored by the other store.
    const changes: CampaignMember[][] = [
      [makeCampaignMember(3, CAMPAIGN, leadId(3))],
      [later(first, '2026-11-02T00:00:00Z', { LeadId: leadId(4) })],
      [later(second, '2026-11-03T00:00:00Z', { IsDeleted: true })],
    ];
    const seen: string[][] = [];
    for (const page of changes) {
      await writer.applyPage('CampaignMember', page);
      const now = await kept();
      expect(now).toEqual(await read());
      seen.push(now);
    }
    // Not vacuous: every change showed.
    expect(new Set(seen.map((s) => s.join())).size).toBe(3);
    // Asking for leads twice, or none, answers as the reads do.
    expect(ids(await reader.campaignMembersOfMany([leadId(3), leadId(3)]))).toHaveLength(2);
    expect(await reader.campaignMembersOfMany([])).toEqual([]);
  });

  it('are kept from the second read on in an org whose campaign memberships were never stored', async () => {
    const keys = keyspace(fixture.prefix);
    const reader = new SyncedRecordStore(fixture.redis, keys);
    const leads = [1, 2].map(leadId);
    // No CampaignMember page has been stored: no version yet.
    expect(await reader.campaignMembersOfMany(leads)).toEqual([]);
    await reader.campaignMembersOfMany(leads);
    const trips = countRoundTrips(fixture.redis);
    expect(await reader.campaignMembersOfMany(leads)).toEqual([]);
    expect(trips.count).toBe(1);
    // And a page stored afterwards still shows.
    await new SyncedRecordStore(fixture.redis, keys).applyPage('CampaignMember', [
      makeCampaignMember(1, CAMPAIGN, leadId(1)),
    ]);
    expect(ids(await reader.campaignMembersOfMany(leads))).toHaveLength(1);
  });
});
