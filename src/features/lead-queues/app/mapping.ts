import type { LeadQueue } from '../../../shared/people/queues.ts';
import { isQueueId, sameId } from '../../../shared/people/queues.ts';
import type { LeadQueueMapping, LeadQueuesPolicy } from '../policy.ts';

/**
 * Which policy entry maps a queue: the policy names a queue by Id, DeveloperName or Name (names
 * case-insensitive), whichever the admin had at hand.
 */
export function mappingFor(policy: LeadQueuesPolicy, queue: LeadQueue): LeadQueueMapping | null {
  const names = [queue.developerName, queue.name]
    .filter((name): name is string => name !== null)
    .map((name) => name.toLowerCase());
  return (
    policy.find((mapping) => isQueueId(mapping.queue) && sameId(mapping.queue, queue.id)) ??
    policy.find((mapping) => names.includes(mapping.queue.toLowerCase())) ??
    null
  );
}

/** Policy entries that name no lead queue Salesforce has: worth a warning after each refresh. */
export function unknownMappings(policy: LeadQueuesPolicy, queues: readonly LeadQueue[]): LeadQueueMapping[] {
  return policy.filter((mapping) => !queues.some((queue) => mappingFor([mapping], queue) !== null));
}
