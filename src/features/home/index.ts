import type { Feature, RefreshHome } from '../../shared/feature.ts';
import { publishHome, type PublishHomeDeps } from './app/publish-home.ts';
import { registerHomeOpened } from './slack/home-opened.ts';
import { registerRefreshButton } from './slack/refresh-button.ts';

/**
 * What App Home needs. `sections` are the other features' homeSections, collected by main.ts:
 * home shows them and knows none of those features.
 */
export type HomeDeps = PublishHomeDeps;

/** The home feature also implements RefreshHome, which main.ts hands to the features that need it. */
export interface HomeFeature extends Feature {
  readonly refreshHome: RefreshHome;
}

export function createHomeFeature(deps: HomeDeps): HomeFeature {
  return {
    name: 'home',
    registerSlack(router) {
      registerHomeOpened(router, deps);
      registerRefreshButton(router, deps);
    },
    refreshHome: async (slackUserId) => {
      await publishHome(deps, slackUserId);
    },
  };
}
