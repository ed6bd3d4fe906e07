import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { Lead, Opportunity, SyncedObjectName } from '../../platform/salesforce/records.ts';

/**
 * The lists screens offer, kept as records are written (synced-records.ts) so nobody rescans a
 * whole object: every lead source seen (`sf:Lead:sources`; each source's `bySource` set of live
 * leads says whether any lead still has it) and the won, undeleted opportunities by close date
 * (`sf:Opportunity:won`).
 */

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
    if (lead.LeadSource && !lead.IsDeleted) multi.sadd(keys('sf', 'Lead', 'sources'), lead.LeadSource);
  } else if (object === 'Opportunity') {
    const opportunity = record as Opportunity;
    const won = keys('sf', 'Opportunity', 'won');
    if (opportunity.IsWon && !opportunity.IsDeleted) multi.zadd(won, closedAtMs(opportunity), opportunity.Id);
    else multi.zrem(won, opportunity.Id);
  }
}
