import type { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';

export const POST_WAITING_JOB = 'post-waiting';

/**
 * The 'lead-queues' queue's jobs (processed in jobs.ts): sync's lead events, each arrival's claim
 * SLA, and the scheduled look for leads waiting in a queue that no event announced.
 */
export const leadQueuesQueue = defineQueue<{
  [DOMAIN_EVENT_JOB]: DomainEvent;
  'claim-sla': { arrivalId: string };
  /** A routed lead's re-route check, after `reroutes` moves so far. */
  reroute: { leadId: string; reroutes: number };
  [POST_WAITING_JOB]: Record<string, never>;
}>('lead-queues');
