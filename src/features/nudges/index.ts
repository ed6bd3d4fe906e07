import type { Feature } from '../../shared/feature.ts';
import { nudgesDailySection } from './app/daily-numbers.ts';
import type { NudgesDeps } from './deps.ts';
import { startNudgeJobs } from './jobs.ts';
import { nudgesQueue } from './queue.ts';
import { nudgesHomeSections } from './slack/home-sections.ts';
import { registerNudgesSlack } from './slack/register.ts';
import { writesQueue } from './writes/write-jobs.ts';
import { nudgeRepliesQueue, registerReplyJobs } from './replies/reply-jobs.ts';
import { nudgesTvPanels } from './app/tv-panels.ts';
import { slaIndexChecks } from './doctor.ts';
import { ActivityFactsCache } from './app/activity-facts-cache.ts';
import { PeopleZonesMemo } from '../../shared/people/people-zones.ts';

/**
 * Stale-lead nudges: the SLA engine's scan and digests, the one-click lead actions and their
 * Salesforce write-backs, the follow-up reports, and their App Home sections.
 */

export type { NudgesDeps } from './deps.ts';

export function createNudgesFeature(given: NudgesDeps): Feature {
  const deps: NudgesDeps = {
    ...given,
    activityFacts: given.activityFacts ?? new ActivityFactsCache(),
    peopleZones: given.peopleZones ?? new PeopleZonesMemo(),
  };
  return {
    name: 'nudges',
    doctorChecks: [(env) => slaIndexChecks({ env, policy: deps.config.policy })],
    queues: [nudgesQueue, writesQueue, nudgeRepliesQueue],
    registerSlack: (router) => registerNudgesSlack(router, deps),
    startJobs: () => {
      registerReplyJobs(deps);
      return startNudgeJobs(deps);
    },
    homeSections: nudgesHomeSections(deps),
    tvPanels: nudgesTvPanels(deps),
    dailySections: [nudgesDailySection(deps)],
  };
}
