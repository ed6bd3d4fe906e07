import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import { objectKey } from './record-lists.ts';
import {
  PARENT_RECORD_OBJECTS,
  parentIdOf,
  parentRecordsKey,
  type ParentRecordObject,
} from './parent-records.ts';

/**
 * Records stored before the per-parent copies (parent-records.ts) existed are copied over once, from
 * the object hashes, and the id sets the copies replace (`sf:Task:byWho:<id>`, `sf:Event:byWho:<id>`,
 * `sf:CampaignMember:byLead:<id>`) are dropped; a marker says it is done. Until it is, every reader
 * and writer of the copies runs it first (once per process), so a reader never sees a lead without
 * its older activities; on a fresh store the first page sync writes finds empty hashes and sets it.
 *
 * Sync may write while it runs: a copy is written with HSETNX, so one sync already wrote stays, and
 * each chunk is read again afterwards so a record that moved to another lead meanwhile leaves no
 * copy behind at its old lead. Two processes running it at once write the same copies.
 */

const MARKER_PARTS = ['sf', 'parent-records', 'v1'];
const CHUNK = 1000;

const legacySetKey = (keys: Keyspace, object: ParentRecordObject, parentId: string): string =>
  object === 'CampaignMember'
    ? keys('sf', 'CampaignMember', 'byLead', parentId)
    : keys('sf', object, 'byWho', parentId);

async function copyChunk(
  redis: RedisClient,
  keys: Keyspace,
  object: ParentRecordObject,
  flat: string[],
): Promise<void> {
  const scanned = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) scanned.set(flat[i] ?? '', flat[i + 1] ?? '');
  const copies = pipelineAcrossSlots(redis);
  for (const [id, json] of scanned) {
    const parent = parentIdOf(object, JSON.parse(json));
    if (parent === null) continue;
    copies.hsetnx(parentRecordsKey(keys, object, parent), id, json);
    copies.unlink(legacySetKey(keys, object, parent));
  }
  if (copies.length === 0) return;
  repliesOf(await copies.exec());
  const ids = [...scanned.keys()];
  const now = (await redis.hmget(objectKey(keys, object), ...ids)) as (string | null)[];
  const stale = pipelineAcrossSlots(redis);
  ids.forEach((id, index) => {
    const then = scanned.get(id) ?? '';
    const current = now[index] ?? null;
    if (current === then) return;
    const was = parentIdOf(object, JSON.parse(then));
    const is = current === null ? null : parentIdOf(object, JSON.parse(current));
    if (was !== null && was !== is) stale.hdel(parentRecordsKey(keys, object, was), id);
  });
  if (stale.length > 0) repliesOf(await stale.exec());
}

/** Copies every stored record of the objects to its parent's hash; true when it found the marker. */
export async function backfillParentRecords(redis: RedisClient, keys: Keyspace): Promise<boolean> {
  const marker = keys(...MARKER_PARTS);
  if ((await redis.exists(marker)) === 1) return true;
  for (const object of PARENT_RECORD_OBJECTS) {
    let cursor = '0';
    do {
      const [next, flat] = await redis.hscan(objectKey(keys, object), cursor, 'COUNT', CHUNK);
      cursor = next;
      if (flat.length > 0) await copyChunk(redis, keys, object, flat);
    } while (cursor !== '0');
  }
  await redis.set(marker, new Date().toISOString());
  return false;
}

/**
 * Runs the backfill once per process and connection: the first read pays one EXISTS (or the copy),
 * every read after it nothing.
 */
export class ParentRecordsReady {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private ready: Promise<void> | null = null;

  constructor(redis: RedisClient, keys: Keyspace) {
    this.redis = redis;
    this.keys = keys;
  }

  async ensure(): Promise<void> {
    this.ready ??= backfillParentRecords(this.redis, this.keys).then(
      () => undefined,
      (error: unknown) => {
        this.ready = null; // a failed copy is tried again by the next read
        throw error;
      },
    );
    return this.ready;
  }
}
