import { describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import type { Lead, Opportunity } from '../../../src/platform/salesforce/records.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { useRedis } from '../../helpers/redis.ts';

const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}AAA`;
const stamp = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, '0')}:00.000+0000`;

const lead = (n: number, source: string | null, minute = 0, deleted = false, created = stamp(0)): Lead => ({
  Id: sfId('00Q', n),
  Name: `Lead ${n}`,
  Company: 'Acme',
  Email: null,
  Status: 'Open - Not Contacted',
  OwnerId: sfId('005', 1),
  LeadSource: source,
  Rating: null,
  CreatedDate: created,
  LastActivityDate: null,
  IsConverted: false,
  ConvertedDate: null,
  ConvertedOpportunityId: null,
  IsDeleted: deleted,
  SystemModstamp: stamp(minute),
});

const opportunity = (n: number, won: boolean, close: string, minute = 0, deleted = false): Opportunity =>
  ({
    Id: sfId('006', n),
    Name: `Deal ${n}`,
    OwnerId: sfId('005', 1),
    StageName: won ? 'Closed Won' : 'Prospecting',
    IsWon: won,
    IsClosed: won,
    Amount: 1000 * n,
    CloseDate: close,
    IsDeleted: deleted,
    SystemModstamp: stamp(minute),
  }) as Opportunity;

describe('indexes kept as records are synced', () => {
  const fixture = useRedis();

  it('lists the lead sources of live leads, following changes and deletions', async () => {
    const store = new SyncedRecordStore(fixture.redis, keyspace(fixture.prefix));
    await store.applyPage('Lead', [lead(1, 'Webinar'), lead(2, 'Web'), lead(3, null), lead(4, 'Web')]);
    expect(await store.leadSources()).toEqual(['Web', 'Webinar']);
    // The only Webinar lead moves to Trade Show; one of two Web leads is deleted.
    await store.applyPage('Lead', [lead(1, 'Trade Show', 1), lead(2, 'Web', 1, true)]);
    expect(await store.leadSources()).toEqual(['Trade Show', 'Web']);
    await store.applyPage('Lead', [lead(4, null, 2)]);
    expect(await store.leadSources()).toEqual(['Trade Show']);
  });

  it('lists the live leads created in a period, following changes and deletions', async () => {
    const store = new SyncedRecordStore(fixture.redis, keyspace(fixture.prefix));
    const createdAt = (hour: number) =>
      `2026-11-${String(20 + Math.floor(hour / 24)).padStart(2, '0')}T${String(hour % 24).padStart(2, '0')}:00:00.000+0000`;
    const ids = (leads: Lead[]) => leads.map((l) => l.Id);
    // Created at hours 0, 24 (the period's start), 30, 48 (its end, excluded) and 72 after Nov 20.
    await store.applyPage(
      'Lead',
      [0, 24, 30, 48, 72].map((hour, n) => lead(n, 'Web', 0, false, createdAt(hour))),
    );
    const period = [new Date('2026-11-21T00:00:00Z'), new Date('2026-11-22T00:00:00Z')] as const;
    expect(ids(await store.leadsCreatedIn(...period))).toEqual([sfId('00Q', 1), sfId('00Q', 2)]);

    // Lead 2 is deleted; lead 4's CreatedDate is corrected into the period (a later stamp).
    await store.applyPage('Lead', [
      lead(2, 'Web', 1, true, createdAt(30)),
      lead(4, 'Web', 1, false, createdAt(40)),
    ]);
    expect(ids(await store.leadsCreatedIn(...period))).toEqual([sfId('00Q', 1), sfId('00Q', 4)]);
  });

  it('lists won opportunities newest close first, following changes and deletions', async () => {
    const store = new SyncedRecordStore(fixture.redis, keyspace(fixture.prefix));
    await store.applyPage('Opportunity', [
      opportunity(1, true, '2026-11-01'),
      opportunity(2, true, '2026-11-20'),
      opportunity(3, false, '2026-11-25'),
    ]);
    expect(await store.recentWonOpportunityIds(10)).toEqual([sfId('006', 2), sfId('006', 1)]);
    await store.applyPage('Opportunity', [
      opportunity(3, true, '2026-11-25', 1),
      opportunity(2, false, '2026-11-20', 1),
      opportunity(1, true, '2026-11-01', 1, true),
    ]);
    expect(await store.recentWonOpportunityIds(10)).toEqual([sfId('006', 3)]);
  });

  it('builds the indexes once from records stored before they existed', async () => {
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    // As an older bullpen stored them: the record hashes only.
    await fixture.redis.hset(keys('sf', 'Lead'), sfId('00Q', 9), JSON.stringify(lead(9, 'Partner')));
    await fixture.redis.hset(
      keys('sf', 'Opportunity'),
      sfId('006', 9),
      JSON.stringify(opportunity(9, true, '2026-10-01')),
    );
    expect(await store.leadSources()).toEqual(['Partner']);
    expect(await store.recentWonOpportunityIds(5)).toEqual([sfId('006', 9)]);
    const created = new Date('2026-11-30T10:00:00Z');
    expect(await store.leadsCreatedIn(created, new Date(created.getTime() + 1))).toEqual([
      lead(9, 'Partner'),
    ]);
  });
});
