import { defineQueue } from '../../platform/jobs/queue-spec.ts';

/** The accept SLA: a reminder to the AE at the deadline, then their manager (processed in jobs.ts). */
export const relayQueue = defineQueue<{
  'accept-reminder': { leadId: string; handedOffAt: string };
  'accept-escalation': { leadId: string; handedOffAt: string };
}>('relay');
