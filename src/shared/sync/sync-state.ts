import { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { LeadStatusRecord, SyncedObjectName } from '../../platform/salesforce/records.ts';
import type { Watermark } from './sync-queries.ts';

/**
 * What sync records about itself in Redis (the sf:* keys other than the records, whose owner is
 * synced-records.ts): the org's instance URL, when sync last succeeded, its watermarks, the rows it
 * set aside, the API usage it last saw, the objects it has back-filled, the org's Lead statuses. Sync writes them; features, doctor and metrics read them
 * here, so a key's name and shape live in one place.
 */

export interface SyncStateDeps {
  redis: RedisClient;
  keys: Keyspace;
}

/** Where record links point before the first sync has learnt the org's own instance URL. */
export const DEFAULT_INSTANCE_URL = 'https://login.salesforce.com';

export const syncStateKeys = (keys: Keyspace) => ({
  instanceUrl: keys('sf', 'instance-url'),
  lastSuccess: keys('sf', 'sync', 'last-success'),
  watermarks: keys('sf', 'sync', 'watermarks'),
  rejected: keys('sf', 'sync', 'rejected'),
  apiUsage: keys('sf', 'api-usage'),
  backfilled: keys('sf', 'sync', 'backfilled'),
  leadStatuses: keys('sf', 'lead-statuses'),
});

/** How many set-aside rows are kept for `bullpen doctor` and the admin; older ones are dropped. */
const REJECTED_KEEP = 1000;
/** The org's Lead statuses are read again at most hourly. */
const LEAD_STATUSES_TTL_S = 3600;

/** The org's instance URL for record links, or null before the first sync. */
export async function storedInstanceUrl({ redis, keys }: SyncStateDeps): Promise<string | null> {
  return redis.get(syncStateKeys(keys).instanceUrl);
}

/** The org's instance URL for record links; Salesforce's login host until sync has learnt it. */
export async function instanceUrlOrDefault(deps: SyncStateDeps): Promise<string> {
  return (await storedInstanceUrl(deps)) ?? DEFAULT_INSTANCE_URL;
}

export async function writeInstanceUrl({ redis, keys }: SyncStateDeps, url: string): Promise<void> {
  await redis.set(syncStateKeys(keys).instanceUrl, url);
}

/** When sync last finished, as stored (ISO 8601), or null if it never has. */
export async function lastSyncSuccess({ redis, keys }: SyncStateDeps): Promise<string | null> {
  return redis.get(syncStateKeys(keys).lastSuccess);
}

export async function recordSyncSuccess({ redis, keys }: SyncStateDeps, at: Date): Promise<void> {
  await redis.set(syncStateKeys(keys).lastSuccess, at.toISOString());
}

const watermarkSchema = z.object({ modstamp: z.string(), id: z.string() });

function parseWatermark(json: string): Watermark | 'unreadable' {
  try {
    const parsed = watermarkSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Per object, where sync has read up to ('unreadable' when the stored value is not a watermark). */
export async function syncWatermarks({
  redis,
  keys,
}: SyncStateDeps): Promise<Map<string, Watermark | 'unreadable'>> {
  const stored = await redis.hgetall(syncStateKeys(keys).watermarks);
  return new Map(Object.entries(stored).map(([object, json]) => [object, parseWatermark(json)]));
}

/** Where sync resumes reading an object, or null before its first page. */
export async function readWatermark(
  { redis, keys }: SyncStateDeps,
  object: SyncedObjectName,
): Promise<Watermark | null> {
  const json = await redis.hget(syncStateKeys(keys).watermarks, object);
  return json ? watermarkSchema.parse(JSON.parse(json)) : null;
}

export async function writeWatermark(
  { redis, keys }: SyncStateDeps,
  object: SyncedObjectName,
  watermark: Watermark,
): Promise<void> {
  await redis.hset(syncStateKeys(keys).watermarks, object, JSON.stringify(watermark));
}

/** Whether the first full read of an object has finished (its changes are news from then on). */
export async function isBackfilled(
  { redis, keys }: SyncStateDeps,
  object: SyncedObjectName,
): Promise<boolean> {
  return (await redis.sismember(syncStateKeys(keys).backfilled, object)) === 1;
}

/**
 * The objects sync has read through at least once. An object with no rows never gets a watermark,
 * yet a finished read of it is a sync all the same: "no records", not "not synced yet".
 */
export async function syncedObjectNames({ redis, keys }: SyncStateDeps): Promise<Set<string>> {
  return new Set(await redis.smembers(syncStateKeys(keys).backfilled));
}

export async function markBackfilled(
  { redis, keys }: SyncStateDeps,
  object: SyncedObjectName,
): Promise<void> {
  await redis.sadd(syncStateKeys(keys).backfilled, object);
}

/** Keeps rows that failed validation (newest first, the last thousand) instead of dropping them. */
export async function setAsideRejectedRows({ redis, keys }: SyncStateDeps, rows: string[]): Promise<void> {
  const key = syncStateKeys(keys).rejected;
  await redis
    .multi()
    .lpush(key, ...rows)
    .ltrim(key, 0, REJECTED_KEEP - 1)
    .exec();
}

/** How many Salesforce rows failed validation and were set aside. */
export async function rejectedRowCount({ redis, keys }: SyncStateDeps): Promise<number> {
  return redis.llen(syncStateKeys(keys).rejected);
}

export async function recordApiUsage(
  { redis, keys }: SyncStateDeps,
  usage: { used: number; limit: number },
  at: Date,
): Promise<void> {
  await redis.hset(syncStateKeys(keys).apiUsage, {
    used: usage.used,
    limit: usage.limit,
    at: at.toISOString(),
  });
}

export interface ApiBudget {
  used: number;
  limit: number;
  share: number;
  at: string;
}

/** The org's daily API allocation as sync last saw it, or null before it has seen one. */
export async function readApiBudget(deps: SyncStateDeps): Promise<ApiBudget | null> {
  const stored = await storedApiUsage(deps);
  if (!stored['limit']) return null;
  const used = Number(stored['used']);
  const limit = Number(stored['limit']);
  return { used, limit, share: limit > 0 ? used / limit : 0, at: stored['at'] ?? '' };
}

/** True while the Lead statuses sync last read are fresh (read at most hourly). */
export async function leadStatusesFresh({ redis, keys }: SyncStateDeps): Promise<boolean> {
  return (await redis.ttl(syncStateKeys(keys).leadStatuses)) > 0;
}

export async function writeLeadStatuses(
  { redis, keys }: SyncStateDeps,
  statuses: LeadStatusRecord[],
): Promise<void> {
  await redis.set(syncStateKeys(keys).leadStatuses, JSON.stringify(statuses), 'EX', LEAD_STATUSES_TTL_S);
}

const storedStatusesSchema = z.array(
  z.object({ MasterLabel: z.string(), ApiName: z.string().nullish() }).loose(),
);

/** The org's Lead statuses as sync last read them (label and API name), or null before it has. */
export async function storedLeadStatuses({
  redis,
  keys,
}: SyncStateDeps): Promise<{ MasterLabel: string; ApiName?: string | null | undefined }[] | null> {
  const json = await redis.get(syncStateKeys(keys).leadStatuses);
  return json === null ? null : storedStatusesSchema.parse(JSON.parse(json));
}

/** The Sforce-Limit-Info fields sync last saw (used, limit, at), as stored. */
export async function storedApiUsage({ redis, keys }: SyncStateDeps): Promise<Record<string, string>> {
  return redis.hgetall(syncStateKeys(keys).apiUsage);
}
