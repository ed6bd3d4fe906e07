import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { ObjectAccessRegistry } from './sync-access.ts';

/**
 * What a feature tells a person when an optional object it depends on cannot be read: the same
 * words everywhere, so a manager or marketer knows what to ask their Salesforce admin for instead of
 * getting zeros. "No access" lasts from the sync that was refused until one that reads the object
 * again, whatever the hourly retry time says.
 */

export async function unreadableAmong(
  deps: { redis: RedisClient; keys: Keyspace },
  objects: readonly SyncedObjectName[],
): Promise<SyncedObjectName[]> {
  if (objects.length === 0) return [];
  const noAccess = await new ObjectAccessRegistry(deps.redis, deps.keys).noAccess();
  return objects.filter((object) => noAccess.has(object));
}

const listed = (objects: readonly string[]): string =>
  objects.length <= 1
    ? (objects[0] ?? '')
    : `${objects.slice(0, -1).join(', ')} and ${objects[objects.length - 1] ?? ''}`;

/** "bullpen can't read Opportunity in Salesforce (no access)" */
export const cannotRead = (objects: readonly SyncedObjectName[]): string =>
  `bullpen can't read ${listed(objects)} in Salesforce (no access)`;

/** "ask your Salesforce admin to give the integration user read access to Opportunity" */
export const askForAccess = (objects: readonly SyncedObjectName[]): string =>
  `ask your Salesforce admin to give the integration user read access to ${listed(objects)}`;
