import { defineQueue } from '../../platform/jobs/queue-spec.ts';

/**
 * The accept SLA: a reminder to the AE at the deadline, then their manager; and the funnel Home
 * shows, computed in the background; a late modal outcome by DM (processed in jobs.ts).
 */
export const relayQueue = defineQueue<{
  'accept-reminder': { leadId: string; handedOffAt: string };
  'accept-escalation': { leadId: string; handedOffAt: string };
  'funnel-home': Record<string, never>;
  /** A modal's late outcome could not be shown (the person closed it): said by DM instead. */
  'notice-by-dm': { userId: string; text: string; key: string };
}>('relay');
