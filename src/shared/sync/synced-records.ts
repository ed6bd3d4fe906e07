import { randomUUID } from 'node:crypto';
import type {
  Campaign,
  CampaignMember,
  Lead,
  Opportunity,
  SfEvent,
  SfUser,
  SyncedObjectName,
  Task,
} from '../../platform/salesforce/records.ts';
import type { ChainableCommander } from 'ioredis';
import { RedisBacked, type Keyspace, type RedisClient } from '../../platform/redis.ts';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import {
  activityLeadsOf,
  activityStamps,
  parseOwedStamps,
  queueOwedStamps,
  queueReadOwedStamps,
  writeOwedStamps,
} from './activity-stamps.ts';
import { LeadAssignments } from './lead-assignments.ts';
import { indexesOf, objectKey, queueListIndexes } from './record-lists.ts';
import { CampaignMembersKept } from './campaign-members-kept.ts';
import { ParentRecordsReady } from './parent-records-backfill.ts';
import { hasParentRecords, queueParentRecord } from './parent-records.ts';
import {
  readActivitiesOnMany,
  readLeadWithActivities,
  type LeadActivity,
  type LeadReadOptions,
  type LeadWithActivities,
} from './lead-activity-reads.ts';

export type { LeadActivity, LeadReadOptions, LeadWithActivities } from './lead-activity-reads.ts';

/**
 * bullpen's copy of the Salesforce records it syncs, in Redis: one hash per object (Id -> JSON) plus
 * the indexes the SLA engine, contests and App Home read (leads by owner, activities by lead,
 * reports by manager). Screens read from here, never from Salesforce inline.
 */

export interface RecordTypes {
  User: SfUser;
  Lead: Lead;
  Task: Task;
  Event: SfEvent;
  Opportunity: Opportunity;
  Campaign: Campaign;
  CampaignMember: CampaignMember;
}

export interface RecordChange<O extends SyncedObjectName = SyncedObjectName> {
  object: O;
  before: RecordTypes[O] | null;
  after: RecordTypes[O];
}

export class SyncedRecordStore extends RedisBacked {
  /** Records stored before the per-lead copies are copied once before the first read of them. */
  private readonly parentRecords: ParentRecordsReady;
  /** What `all` last read of an object, under the version it read first. */
  private readonly allRead = new Map<SyncedObjectName, { version: string; records: unknown[] }>();

  /** Memberships by lead as last read, under the CampaignMember version. */
  private readonly campaignMembers: CampaignMembersKept;

  constructor(redis: RedisClient, keys: Keyspace) {
    super(redis, keys);
    this.parentRecords = new ParentRecordsReady(redis, keys);
    this.campaignMembers = new CampaignMembersKept(redis, keys, this.versionKey('CampaignMember'));
  }

  private hashKey(object: SyncedObjectName): string {
    return objectKey(this.keys, object);
  }

  /** Bumped after every stored change of an object: `all` re-reads the records when it moved. */
  private versionKey(object: SyncedObjectName): string {
    return this.keys('sf', object, 'version');
  }

  /**
   * Writes a page of records in two round trips (read the stored versions, then one MULTI) and
   * returns what changed. A record whose SystemModstamp is not newer than the stored one is skipped,
   * which makes re-reading an overlap window, or a whole page after a crash, change nothing.
   */
  async applyPage<O extends SyncedObjectName>(
    object: O,
    records: RecordTypes[O][],
  ): Promise<RecordChange<O>[]> {
    if (records.length === 0) return [];
    // Older records are copied by lead before the first copy is written: on a fresh store that is
    // one check of empty hashes, and readers then find the marker.
    if (hasParentRecords(object)) await this.parentRecords.ensure();
    const hash = this.hashKey(object);
    const reads = this.redis.pipeline().hmget(hash, ...records.map((r) => r.Id));
    queueReadOwedStamps(reads, this.keys, object);
    const [storedReply, owedReply] = repliesOf(await reads.exec());
    const stored = storedReply as (string | null)[];
    const owed = { versionKey: this.versionKey(object), pages: parseOwedStamps(owedReply) };
    const changes: RecordChange<O>[] = [];
    const multi = this.redis.multi();
    // The copies kept by lead are in their leads' slots on Cluster, outside the object's MULTI.
    // They are written first: if the MULTI then fails, the stored record is still the old one, so
    // the page's retry writes the same copies again and then the record (HSET/HDEL redo nothing).
    const copies = this.keys.cluster ? pipelineAcrossSlots(this.redis) : multi;
    const seen = new Map<string, RecordTypes[O]>();
    records.forEach((record, index) => {
      const previousJson = stored[index];
      const before =
        seen.get(record.Id) ?? (previousJson ? (JSON.parse(previousJson) as RecordTypes[O]) : null);
      if (before && before.SystemModstamp >= record.SystemModstamp) return;
      seen.set(record.Id, record);
      const json = JSON.stringify(record);
      multi.hset(hash, record.Id, json);
      if (hasParentRecords(object))
        queueParentRecord(copies, this.keys, object, { before, after: record, json });
      const oldIndexes = before ? indexesOf(object, before, this.keys) : [];
      const newIndexes = indexesOf(object, record, this.keys);
      for (const key of oldIndexes) if (!newIndexes.includes(key)) multi.srem(key, record.Id);
      for (const key of newIndexes) multi.sadd(key, record.Id);
      queueListIndexes(multi, this.keys, object, record);
      changes.push({ object, before, after: record });
    });
    if (changes.length === 0) {
      multi.discard();
      await writeOwedStamps(this.redis, this.keys, object, owed);
      return changes;
    }
    const page = { id: randomUUID(), leads: activityLeadsOf(object, changes) };
    queueOwedStamps(multi, this.keys, object, page);
    if (copies !== multi) repliesOf(await copies.exec());
    await multi.exec();
    // After the records (activity-stamps.ts): a reader that saw the old version re-reads.
    owed.pages.set(page.id, page.leads);
    await writeOwedStamps(this.redis, this.keys, object, owed);
    return changes;
  }

  /**
   * Records stored before these indexes existed are indexed once, from the stored records (adds
   * only, so two workers doing it at once agree); a marker says it is done (v2: leads by creation).
   */
  private async backfillListIndexes(): Promise<void> {
    const marker = this.keys('sf', 'list-indexes', 'v2');
    if ((await this.redis.exists(marker)) === 1) return;
    for (const object of ['Lead', 'Opportunity'] as const) {
      for await (const records of this.scan(object)) {
        const multi = this.redis.multi();
        for (const record of records) {
          for (const key of indexesOf(object, record, this.keys)) multi.sadd(key, record.Id);
          queueListIndexes(multi, this.keys, object, record);
        }
        await multi.exec();
      }
    }
    await this.redis.set(marker, new Date().toISOString());
  }

  /** The lead sources of live stored leads, sorted. */
  async leadSources(): Promise<string[]> {
    await this.backfillListIndexes();
    const sources = await this.redis.smembers(objectKey(this.keys, 'Lead', 'sources'));
    if (sources.length === 0) return [];
    const counts = pipelineAcrossSlots(this.redis);
    for (const source of sources) counts.scard(objectKey(this.keys, 'Lead', 'bySource', source));
    const replies = (await counts.exec()) ?? [];
    return sources.filter((_, index) => Number(replies[index]?.[1] ?? 0) > 0).sort();
  }

  /** Won, undeleted opportunities, newest close date first. */
  async recentWonOpportunityIds(limit: number): Promise<string[]> {
    await this.backfillListIndexes();
    return this.redis.zrevrange(objectKey(this.keys, 'Opportunity', 'won'), 0, limit - 1);
  }

  /** Live leads created in [start, end), oldest first: a period's leads without reading the others. */
  async leadsCreatedIn(start: Date, end: Date): Promise<Lead[]> {
    await this.backfillListIndexes();
    const key = objectKey(this.keys, 'Lead', 'byCreated');
    return this.getMany('Lead', await this.redis.zrangebyscore(key, start.getTime(), `(${end.getTime()}`));
  }

  async get<O extends SyncedObjectName>(object: O, id: string): Promise<RecordTypes[O] | null> {
    const json = await this.redis.hget(this.hashKey(object), id);
    return json ? (JSON.parse(json) as RecordTypes[O]) : null;
  }

  /** Queues a read of the object's version (a token that moves with every stored change, or null). */
  queueVersion(reads: ChainableCommander, object: SyncedObjectName): void {
    reads.get(this.versionKey(object));
  }

  /** Queues get's read in a caller's pipeline; its reply is the record's JSON or null. */
  queueGet(reads: ChainableCommander, object: SyncedObjectName, id: string): void {
    reads.hget(this.hashKey(object), id);
  }

  async getMany<O extends SyncedObjectName>(object: O, ids: string[]): Promise<RecordTypes[O][]> {
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(this.hashKey(object), ...ids);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as RecordTypes[O]);
  }

  async count(object: SyncedObjectName): Promise<number> {
    return this.redis.hlen(this.hashKey(object));
  }

  async leadIdsOwnedBy(ownerId: string): Promise<string[]> {
    return this.redis.smembers(objectKey(this.keys, 'Lead', 'byOwner', ownerId));
  }

  /** Every Task and Event on a lead, in one round trip. */
  async activitiesOn(leadId: string): Promise<LeadActivity> {
    return (await this.activitiesOnMany([leadId])).get(leadId) ?? { tasks: [], events: [] };
  }

  /**
   * A lead, every Task and Event on it and (when asked) its campaign memberships and when its owner
   * got it, in one round trip (lead-activity-reads.ts).
   */
  async leadWithActivities(leadId: string, options: LeadReadOptions = {}): Promise<LeadWithActivities> {
    await this.parentRecords.ensure();
    return readLeadWithActivities(this.redis, this.keys, leadId, options);
  }

  /** The activity of many leads in one round trip (lead-activity-reads.ts). */
  async activitiesOnMany(leadIds: readonly string[]): Promise<Map<string, LeadActivity>> {
    await this.parentRecords.ensure();
    return readActivitiesOnMany(this.redis, this.keys, leadIds);
  }

  /** When each lead's current owner got it, where the owner history knows (lead-assignments.ts). */
  async leadAssignedAt(leads: readonly { Id: string; OwnerId: string }[]): Promise<Map<string, Date>> {
    return new LeadAssignments(this.redis, this.keys).assignedAt(leads);
  }

  /** Whether this user owns a lead or an opportunity, or manages an active user. */
  async ownsOrManagesAnything(salesforceUserId: string): Promise<boolean> {
    const [leads, reports, opportunities] = await Promise.all([
      this.redis.scard(objectKey(this.keys, 'Lead', 'byOwner', salesforceUserId)),
      this.redis.scard(objectKey(this.keys, 'User', 'byManager', salesforceUserId)),
      this.redis.scard(objectKey(this.keys, 'Opportunity', 'byOwner', salesforceUserId)),
    ]);
    return leads + reports + opportunities > 0;
  }

  /** The campaign memberships of many leads, kept under the object's version (campaign-members-kept.ts). */
  async campaignMembersOfMany(leadIds: readonly string[]): Promise<CampaignMember[]> {
    await this.parentRecords.ensure();
    return this.campaignMembers.of(leadIds);
  }

  /** The campaign memberships of one lead (contests scoped to a campaign). */
  async campaignMembersOfLead(leadId: string): Promise<CampaignMember[]> {
    return this.campaignMembersOfMany([leadId]);
  }

  /** Active users whose Salesforce ManagerId is this user. */
  async reportsOf(managerId: string): Promise<string[]> {
    return this.redis.smembers(objectKey(this.keys, 'User', 'byManager', managerId));
  }

  /** Each lead's activity token (activity-stamps.ts). */
  async activityStamps(leadIds: readonly string[]): Promise<(string | null)[]> {
    return activityStamps(this.redis, this.keys, leadIds);
  }

  /**
   * Every stored record of an object in one round trip, for the small objects (users, read by every
   * scan window), where a scan's cursor round trips cost more than the records; kept in memory and
   * read again only once a change was stored (one GET of the object's version per call).
   */
  async all<O extends SyncedObjectName>(object: O): Promise<RecordTypes[O][]> {
    const version = await this.redis.get(this.versionKey(object));
    const last = this.allRead.get(object);
    // The same version: no change was stored since that read (the records are at least as new).
    if (last && version !== null && last.version === version) return [...last.records] as RecordTypes[O][];
    const values = await this.redis.hvals(this.hashKey(object));
    const records = values.map((value) => JSON.parse(value) as RecordTypes[O]);
    if (version === null) await this.redis.set(this.versionKey(object), randomUUID(), 'NX');
    else this.allRead.set(object, { version, records });
    return [...records];
  }

  /** Streams every stored record of an object in chunks, without loading the whole hash. */
  async *scan<O extends SyncedObjectName>(object: O, chunk = 1000): AsyncGenerator<RecordTypes[O][]> {
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.hashKey(object), cursor, 'COUNT', chunk);
      cursor = next;
      const records: RecordTypes[O][] = [];
      for (let i = 1; i < flat.length; i += 2) records.push(JSON.parse(flat[i] as string) as RecordTypes[O]);
      if (records.length > 0) yield records;
    } while (cursor !== '0');
  }
}
