import type { Feature } from '../../shared/feature.ts';
import { contestsDailySection } from './app/daily-standings.ts';
import { ContestEngine } from './app/engine.ts';
import type { ContestsDeps } from './deps.ts';
import { startContestJobs } from './jobs.ts';
import { contestsQueue } from './queue.ts';
import { contestsHomeSections } from './slack/home-sections.ts';
import { registerContestsSlack } from './slack/register.ts';
import { contestsTvPanels } from './app/tv-panels.ts';
import { contestRepliesQueue, registerContestReplyJobs } from './replies/reply-jobs.ts';

export type { ContestsDeps } from './deps.ts';

/**
 * Sales contests: `/contest` and `/leaderboard`, the contest clock and live boards on the contests
 * queue, scoring from sync's domain events, and two App Home sections. One engine per feature
 * instance, shared by its listeners, its processors and its Home sections.
 */
export function createContestsFeature(deps: ContestsDeps): Feature {
  const engine = new ContestEngine(deps);
  return {
    name: 'contests',
    queues: [contestsQueue, contestRepliesQueue],
    registerSlack: (router) => registerContestsSlack(router, engine),
    startJobs: async () => {
      registerContestReplyJobs(engine);
      startContestJobs(engine);
    },
    homeSections: contestsHomeSections(engine),
    tvPanels: contestsTvPanels(engine),
    dailySections: [contestsDailySection(engine)],
  };
}

/** The engine of a running bullpen, for tests and the benchmark that inspect contests in Redis. */
export const createContestEngine = (deps: ContestsDeps): ContestEngine => new ContestEngine(deps);
