import type { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type {
  CampaignMember,
  Lead,
  Opportunity,
  SfUser,
  SyncedObjectName,
  syncedObjects,
} from '../../platform/salesforce/records.ts';

/** A record of any synced object, as stored. */
type StoredRecord = z.infer<(typeof syncedObjects)[SyncedObjectName]>;

/**
 * The lists screens offer, kept as records are written (synced-records.ts) so nobody rescans a
 * whole object: every lead source seen (`sf:Lead:sources`; each source's `bySource` set of live
 * leads says whether any lead still has it), the live leads by creation time (`sf:Lead:byCreated`,
 * what the funnel's periods read) and the won, undeleted opportunities by close date
 * (`sf:Opportunity:won`).
 */

/**
 * A key of a synced object's own (its record hash, its id indexes, its lists), tagged by object
 * (`{sf:Lead}...` on Cluster): a page of records is written to the hash and indexes in one MULTI.
 */
export const objectKey = (keys: Keyspace, object: SyncedObjectName, ...rest: string[]): string =>
  keys(keys.tag('sf', object), ...rest);

const closedAtMs = (opportunity: Opportunity): number =>
  Date.parse(opportunity.CloseDate ?? opportunity.SystemModstamp) || 0;

export function queueListIndexes(
  multi: ReturnType<RedisClient['multi']>,
  keys: Keyspace,
  object: SyncedObjectName,
  record: unknown,
): void {
  if (object === 'Lead') {
    const lead = record as Lead;
    if (lead.LeadSource && !lead.IsDeleted) multi.sadd(objectKey(keys, 'Lead', 'sources'), lead.LeadSource);
    const byCreated = objectKey(keys, 'Lead', 'byCreated');
    const createdAt = Date.parse(lead.CreatedDate);
    if (lead.IsDeleted || Number.isNaN(createdAt)) multi.zrem(byCreated, lead.Id);
    else multi.zadd(byCreated, createdAt, lead.Id);
  } else if (object === 'Opportunity') {
    const opportunity = record as Opportunity;
    const won = objectKey(keys, 'Opportunity', 'won');
    if (opportunity.IsWon && !opportunity.IsDeleted) multi.zadd(won, closedAtMs(opportunity), opportunity.Id);
    else multi.zrem(won, opportunity.Id);
  }
}

/** The index sets a record belongs to; recomputed on every write so moves (new owner) are followed. */
export function indexesOf(object: SyncedObjectName, record: StoredRecord, keys: Keyspace): string[] {
  if ('IsDeleted' in record && record.IsDeleted) return [];
  switch (object) {
    case 'Lead': {
      const lead = record as Lead;
      const bySource = lead.LeadSource ? [objectKey(keys, 'Lead', 'bySource', lead.LeadSource)] : [];
      return [objectKey(keys, 'Lead', 'byOwner', lead.OwnerId), ...bySource];
    }
    case 'Task':
    case 'Event':
      // Kept by lead as copies of the records (parent-records.ts), not as id sets.
      return [];
    case 'Opportunity':
      return [objectKey(keys, 'Opportunity', 'byOwner', (record as Opportunity).OwnerId)];
    case 'CampaignMember': {
      const member = record as CampaignMember;
      return [objectKey(keys, 'CampaignMember', 'byCampaign', member.CampaignId)];
    }
    case 'Campaign':
      return [];
    case 'User': {
      const user = record as SfUser;
      return user.ManagerId && user.IsActive ? [objectKey(keys, 'User', 'byManager', user.ManagerId)] : [];
    }
  }
}
