import type { Redis } from 'ioredis';
import type { Keyspace } from '../../platform/redis.ts';

/**
 * What sync records about itself in Redis (the sf:* keys other than the records, whose owner is
 * synced-records.ts): the org's instance URL, when sync last succeeded, its watermarks, the rows it
 * set aside, the API usage it last saw. Sync writes them; features, doctor and metrics read them
 * here, so a key's name and shape live in one place.
 */

export interface SyncStateDeps {
  redis: Redis;
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
});

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

/** Per object, the SystemModstamp sync has read up to. */
export async function syncWatermarks({ redis, keys }: SyncStateDeps): Promise<Record<string, string>> {
  return redis.hgetall(syncStateKeys(keys).watermarks);
}

/** How many Salesforce rows failed validation and were set aside. */
export async function rejectedRowCount({ redis, keys }: SyncStateDeps): Promise<number> {
  return redis.llen(syncStateKeys(keys).rejected);
}

/** The Sforce-Limit-Info fields sync last saw (used, limit, at), as stored. */
export async function storedApiUsage({ redis, keys }: SyncStateDeps): Promise<Record<string, string>> {
  return redis.hgetall(syncStateKeys(keys).apiUsage);
}
