import type { Feature } from '../../shared/feature.ts';
import { queueDirectoryQueue } from '../../shared/people/queue-directory-jobs.ts';
import type { LeadQueuesDeps } from './deps.ts';
import { leadQueuesDoctorChecks } from './doctor.ts';
import { leadQueuesQueue, startLeadQueuesJobs } from './jobs.ts';
import { leadQueuesTvPanels } from './app/tv-panels.ts';
import { registerClaimButton } from './slack/claim-button.ts';
import { registerRoutingCommand } from './slack/routing-command.ts';
import { RoutingStore } from './routing-store.ts';
import { LeadQueueStore } from './store.ts';

export type { LeadQueuesDeps } from './deps.ts';

/**
 * Lead queues in Slack: a lead created in (or moved to) a Salesforce queue that the policy maps to
 * a channel is posted there with a Claim button; the first queue member to click owns it in
 * Salesforce, and a lead left unclaimed past the claim SLA is escalated to the channel and the
 * queue's manager. A queue may route instead (round-robin, re-routed on breach; `/routing why`).
 */
export function createLeadQueuesFeature(deps: LeadQueuesDeps): Feature {
  const leadQueues = new LeadQueueStore(deps.redis, deps.keys);
  const routing = new RoutingStore(deps.redis, deps.keys);
  return {
    name: 'lead-queues',
    doctorChecks: [(env) => leadQueuesDoctorChecks({ env, policy: deps.config.policy })],
    queues: [leadQueuesQueue, queueDirectoryQueue],
    registerSlack: (router) => {
      registerClaimButton(router, { ...deps, leadQueues, routing });
      registerRoutingCommand(router, { ...deps, routing });
    },
    startJobs: () => startLeadQueuesJobs(deps, { leadQueues, routing }),
    tvPanels: leadQueuesTvPanels(deps),
  };
}
