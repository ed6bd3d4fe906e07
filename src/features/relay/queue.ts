import { defineQueue } from '../../platform/jobs/queue-spec.ts';

/**
 * The accept SLA: a reminder to the AE at the deadline, then their manager; and the funnel Home
 * shows, computed in the background (processed in jobs.ts).
 */
export const relayQueue = defineQueue<{
  'accept-reminder': { leadId: string; handedOffAt: string };
  'accept-escalation': { leadId: string; handedOffAt: string };
  'funnel-home': Record<string, never>;
}>('relay');
