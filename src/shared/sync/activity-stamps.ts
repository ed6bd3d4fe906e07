import { randomUUID } from 'node:crypto';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';

/**
 * A fresh token per lead whose activity changed (the lead a task or event is on, and one it left),
 * written after the records: what was derived from a lead's activity under another token (the SLA
 * index's stored clock facts) is out of date.
 */

const stampsKey = (keys: Keyspace): string => keys('sf', 'activity-at');

export async function stampActivity(
  redis: RedisClient,
  keys: Keyspace,
  changes: readonly { before: unknown; after: unknown }[],
): Promise<void> {
  const records = changes.flatMap(({ before, after }) => [before, after]) as ({
    WhoId?: string | null;
  } | null)[];
  const leads = new Set(records.flatMap((record) => (record?.WhoId ? [record.WhoId] : [])));
  const token = randomUUID();
  if (leads.size > 0) await redis.hset(stampsKey(keys), ...[...leads].flatMap((id) => [id, token]));
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
