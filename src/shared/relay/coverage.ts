import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { Lead } from '../../platform/salesforce/records.ts';
import { HandoffRecords } from './handoff-records.ts';
import { idKey } from '../../platform/salesforce/ids.ts';

/**
 * Whose clock covers a lead in the relay (issue 14 item 4): the SDR's nudges cover raw leads; once
 * handed off, the lead waits under the relay's accept SLA (reminders, then the AE's manager), so
 * its AE is not nudged for it as well; once accepted, the AE's own first-touch clock runs from the
 * accept. A returned lead is its new owner's like any other.
 */

/** The leads among these with a hand-off to their current owner still waiting for the accept. */
export async function leadsAwaitingAccept(
  deps: { redis: RedisClient; keys: Keyspace },
  leads: readonly Pick<Lead, 'Id' | 'OwnerId'>[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (leads.length === 0) return found;
  const handoffs = await new HandoffRecords(deps.redis, deps.keys).getMany(leads.map((lead) => lead.Id));
  for (const lead of leads) {
    const handoff = handoffs.get(idKey(lead.Id));
    if (handoff?.state === 'pending' && idKey(handoff.aeSalesforceId) === idKey(lead.OwnerId))
      found.add(lead.Id);
  }
  return found;
}
