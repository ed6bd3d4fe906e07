import { z } from 'zod';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { registerQueueDirectoryJobs } from '../../shared/people/queue-directory-jobs.ts';
import { readDomainEvent } from '../../shared/sync/domain-events.ts';
import { handleLeadEvent } from './app/arrivals.ts';
import { checkClaimSla } from './app/claim-sla.ts';
import { checkReroute } from './app/reroute.ts';
import { unknownMappings } from './app/mapping.ts';
import { postWaitingLeads } from './app/waiting-leads.ts';
import type { LeadQueuesDeps } from './deps.ts';
import { leadQueuesQueue, POST_WAITING_JOB } from './queue.ts';
import type { RoutingStore } from './routing-store.ts';
import type { LeadQueueStore } from './store.ts';

/**
 * Lead queues' background work on the 'lead-queues' queue: sync's lead events (arrivals in mapped
 * queues, leads leaving them), each arrival's claim SLA, and a look every minute for leads waiting
 * in a queue that no event announced, and each routed lead's re-route check. Only when the policy maps a queue: then the queue directory
 * is refreshed on its schedule too.
 */
export { leadQueuesQueue } from './queue.ts';

const claimSlaSchema = z.object({ arrivalId: z.string() });
const rerouteSchema = z.object({ leadId: z.string(), reroutes: z.number().int().min(0) });
const POST_WAITING_EVERY_MS = 60_000;

function refreshDirectory(deps: LeadQueuesDeps) {
  return async () => {
    const queues = await deps.queues.refresh();
    for (const mapping of unknownMappings(deps.config.policy.queues, queues)) {
      deps.logger.warn(
        { queue: mapping.queue },
        'the queues policy names a queue Salesforce has no lead queue for (check its DeveloperName, Name or Id)',
      );
    }
    return queues;
  };
}

export async function startLeadQueuesJobs(
  deps: LeadQueuesDeps,
  stores: { leadQueues: LeadQueueStore; routing: RoutingStore },
): Promise<void> {
  if (deps.config.policy.queues.length === 0) return;
  const all = { ...deps, ...stores };
  deps.bus.subscribe(leadQueuesQueue);
  deps.jobs.process(
    leadQueuesQueue,
    {
      [DOMAIN_EVENT_JOB]: async (job) => handleLeadEvent(all, readDomainEvent(job.data)),
      'claim-sla': async (job) => checkClaimSla(all, claimSlaSchema.parse(job.data).arrivalId),
      reroute: async (job) => checkReroute(all, rerouteSchema.parse(job.data)),
      [POST_WAITING_JOB]: async () => ({ posted: await postWaitingLeads(all) }),
    },
    { concurrency: 4 },
  );
  await deps.jobs
    .queue(leadQueuesQueue)
    .upsertJobScheduler(POST_WAITING_JOB, { every: POST_WAITING_EVERY_MS }, { name: POST_WAITING_JOB });
  await registerQueueDirectoryJobs({ jobs: deps.jobs, queues: { refresh: refreshDirectory(deps) } });
}
