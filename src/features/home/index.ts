import type { Feature, RefreshHome } from '../../shared/feature.ts';
import { homeQueue, registerHomeJobs, requestHomePublish, type HomeJobDeps } from './jobs.ts';
import { registerHomeOpened } from './slack/home-opened.ts';
import { registerRefreshButton } from './slack/refresh-button.ts';

/**
 * What App Home needs. `sections` are the other features' homeSections, collected by main.ts:
 * home shows them and knows none of those features. Rendering runs in workers (jobs.ts).
 */
export type HomeDeps = HomeJobDeps;

/** The home feature also implements RefreshHome, which main.ts hands to the features that need it. */
export interface HomeFeature extends Feature {
  readonly refreshHome: RefreshHome;
}

export function createHomeFeature(deps: HomeDeps): HomeFeature {
  return {
    name: 'home',
    queues: [homeQueue],
    registerSlack(router) {
      registerHomeOpened(router, deps);
      registerRefreshButton(router, deps);
    },
    startJobs: async () => registerHomeJobs(deps),
    refreshHome: async (slackUserId) => {
      await requestHomePublish(deps, slackUserId);
    },
  };
}
