import type { LeadQueue } from '../../../shared/people/queues.ts';
import { findQueue } from '../../../shared/people/queues.ts';
import type { LeadQueueMapping, LeadQueuesPolicy } from '../policy.ts';

/**
 * Which policy entry maps a queue: the policy names a queue by Id, DeveloperName or Name (names
 * case-insensitive), whichever the admin had at hand.
 */
export function mappingFor(policy: LeadQueuesPolicy, queue: LeadQueue): LeadQueueMapping | null {
  return policy.find((mapping) => findQueue([queue], mapping.queue) !== null) ?? null;
}

/** Policy entries that name no lead queue Salesforce has: worth a warning after each refresh. */
export function unknownMappings(policy: LeadQueuesPolicy, queues: readonly LeadQueue[]): LeadQueueMapping[] {
  return policy.filter((mapping) => findQueue(queues, mapping.queue) === null);
}
