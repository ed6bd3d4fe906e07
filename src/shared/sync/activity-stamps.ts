import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { objectKey } from './record-lists.ts';

/**
 * What a stored page changes beyond its records, written after its MULTI: the object's version (a
 * reader holding the records re-reads them) and, for tasks and events, a fresh activity token per
 * lead whose activity changed (the lead a task or event is on, and one it left): what was derived
 * from a lead's activity under another token (the SLA index's clock facts, a worker's memo) is out
 * of date.
 *
 * Written after the records, so nothing derived between the two keeps a new token with the old
 * activity. And owed in the page's MULTI (`unstamped`, a hash in the object's slot, page id ->
 * leads): a sync killed between the MULTI and these writes has them written by the object's next
 * page, its retry included, which otherwise stores nothing (its records are not newer) and left a
 * touched lead looking untouched until it changed again.
 */

/** Page id -> the leads whose activity tokens it owes. */
export type OwedStamps = Map<string, string[]>;

const stampsKey = (keys: Keyspace): string => keys('sf', 'activity-at');
const owedKey = (keys: Keyspace, object: SyncedObjectName): string => objectKey(keys, object, 'unstamped');

/** The leads a page of tasks or events changed the activity of (before and after each change). */
export function activityLeadsOf(
  object: SyncedObjectName,
  changes: readonly { before: unknown; after: unknown }[],
): string[] {
  if (object !== 'Task' && object !== 'Event') return [];
  const records = changes.flatMap(({ before, after }) => [before, after]) as ({
    WhoId?: string | null;
  } | null)[];
  return [...new Set(records.flatMap((record) => (record?.WhoId ? [record.WhoId] : [])))];
}

/** Queued in the page's MULTI, beside its records: the stamps it owes until they are written. */
export function queueOwedStamps(
  multi: ChainableCommander,
  keys: Keyspace,
  object: SyncedObjectName,
  page: { id: string; leads: readonly string[] },
): void {
  multi.hset(owedKey(keys, object), page.id, JSON.stringify(page.leads));
}

/** Queued in the read before a page (same slot): stamps earlier pages of the object still owe. */
export function queueReadOwedStamps(
  reads: ChainableCommander,
  keys: Keyspace,
  object: SyncedObjectName,
): void {
  reads.hgetall(owedKey(keys, object));
}

export function parseOwedStamps(reply: unknown): OwedStamps {
  const owed: OwedStamps = new Map();
  if (typeof reply !== 'object' || reply === null) return owed;
  for (const [pageId, raw] of Object.entries(reply as Record<string, unknown>)) {
    let leads: unknown = [];
    try {
      leads = typeof raw === 'string' ? JSON.parse(raw) : [];
    } catch {
      // An unreadable entry still owes the object's version; its leads are lost with it.
    }
    owed.set(pageId, Array.isArray(leads) ? leads.filter((id): id is string => typeof id === 'string') : []);
  }
  return owed;
}

/** Writes what the pages owe (a fresh version, fresh activity tokens), then marks them paid. */
export async function writeOwedStamps(
  redis: RedisClient,
  keys: Keyspace,
  object: SyncedObjectName,
  owed: { versionKey: string; pages: OwedStamps },
): Promise<void> {
  if (owed.pages.size === 0) return;
  // The version and the tokens in one round trip (different slots on Cluster); marked paid only
  // once both are written.
  const writes = pipelineAcrossSlots(redis);
  // A fresh token, not a counter: keys wiped and written again never repeat an old version.
  writes.set(owed.versionKey, randomUUID());
  const leads = new Set([...owed.pages.values()].flat());
  const token = randomUUID();
  if (leads.size > 0) writes.hset(stampsKey(keys), ...[...leads].flatMap((id) => [id, token]));
  repliesOf(await writes.exec());
  await redis.hdel(owedKey(keys, object), ...owed.pages.keys());
}

/** Each lead's activity token; null: no activity change stored since tokens were kept. */
export async function activityStamps(
  redis: RedisClient,
  keys: Keyspace,
  leadIds: readonly string[],
): Promise<(string | null)[]> {
  if (leadIds.length === 0) return [];
  return redis.hmget(stampsKey(keys), ...leadIds);
}
