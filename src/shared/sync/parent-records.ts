import type { ChainableCommander } from 'ioredis';
import type { Keyspace } from '../../platform/redis.ts';
import type { CampaignMember, SfEvent, SyncedObjectName, Task } from '../../platform/salesforce/records.ts';

/**
 * The records that hang off a lead, kept beside it as well as in their object's hash: each Task and
 * Event in a hash per WhoId (`sf:Task:of:<whoId>`, id -> JSON) and each CampaignMember in a hash per
 * LeadId. Reading a lead with everything on it is then one HVALS per object in one pipeline, one
 * round trip, where the id sets these replace (`byWho`, `byLead`) needed a second trip for the
 * bodies: contest scoring reads a lead per activity and the SLA index reads leads by the thousand.
 * Every command names one key, so the reads and writes are Redis Cluster-safe as they stand. The
 * copy is written in the same MULTI as the object's hash (synced-records.ts applyPage), and records
 * stored before it existed are copied over once (parent-records-backfill.ts).
 */

export const PARENT_RECORD_OBJECTS = ['Task', 'Event', 'CampaignMember'] as const;
export type ParentRecordObject = (typeof PARENT_RECORD_OBJECTS)[number];

export const hasParentRecords = (object: SyncedObjectName): object is ParentRecordObject =>
  (PARENT_RECORD_OBJECTS as readonly string[]).includes(object);

/** The id of the record a record hangs off, or null (none, or the record is deleted). */
export function parentIdOf(object: ParentRecordObject, record: unknown): string | null {
  const deleted = (record as { IsDeleted?: boolean }).IsDeleted === true;
  if (deleted) return null;
  if (object === 'CampaignMember') return (record as CampaignMember).LeadId ?? null;
  return (record as Task | SfEvent).WhoId ?? null;
}

export const parentRecordsKey = (keys: Keyspace, object: ParentRecordObject, parentId: string): string =>
  keys('sf', object, 'of', parentId);

/**
 * Queues the copy's move with a record's write: out of the previous parent's hash when the record
 * left it (moved or deleted), into the current parent's.
 */
export function queueParentRecord(
  multi: ChainableCommander,
  keys: Keyspace,
  object: ParentRecordObject,
  change: { before: unknown; after: { Id: string }; json: string },
): void {
  const previous = change.before ? parentIdOf(object, change.before) : null;
  const current = parentIdOf(object, change.after);
  if (previous !== null && previous !== current) {
    multi.hdel(parentRecordsKey(keys, object, previous), change.after.Id);
  }
  if (current !== null) multi.hset(parentRecordsKey(keys, object, current), change.after.Id, change.json);
}

/** A pipeline's HVALS reply parsed as records. */
export function parsedValues<T>(reply: unknown): T[] {
  return ((reply ?? []) as string[]).map((json) => JSON.parse(json) as T);
}
