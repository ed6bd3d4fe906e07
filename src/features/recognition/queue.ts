import type { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';

/** The 'recognition' queue's jobs (processed in jobs.ts; queued by the use cases in app/ too). */
export const recognitionQueue = defineQueue<{
  [DOMAIN_EVENT_JOB]: DomainEvent;
  'chatter-mirror': { shoutoutId: string };
  'delete-post': { shoutoutId: string };
  'post-failed': { shoutoutId: string; slackError: string };
}>('recognition');
