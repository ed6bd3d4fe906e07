import type { SharedParts } from '../../shared/parts.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { LeadQueuesPolicy } from './policy.ts';

/**
 * What the lead-queues feature uses, named as main.ts names them: lead events from sync, the stored
 * leads, the queue directory and people directory, Salesforce for the one owner write a claim
 * makes, and SlackDelivery for every post and edit (`slack` only looks up a manager named by email).
 */
export interface LeadQueuesDeps extends Pick<
  SharedParts,
  | 'logger'
  | 'redis'
  | 'keys'
  | 'jobs'
  | 'bus'
  | 'store'
  | 'salesforce'
  | 'slack'
  | 'delivery'
  | 'people'
  | 'queues'
  | 'roles'
> {
  /** `sla`: routing's working hours (the business calendar) and the SLA a re-route waits a multiple of. */
  config: { policy: { queues: LeadQueuesPolicy; sla: SlaPolicy } };
}
