import type { Feature } from '../../shared/feature.ts';
import { TvStreams } from './app/streams.ts';
import type { TvDeps } from './deps.ts';
import { tvRoute } from './http/tv-routes.ts';
import { tvSubcommand } from './slack/tv-command.ts';

export type { TvDeps } from './deps.ts';

/**
 * The TV board: `/bullpen tv` gives a manager a secret link to a read-only full-screen page of their
 * team (live contests, follow-up rate, shout-outs, leads waiting), served on bullpen's own HTTP
 * server and kept live over one server-sent-event stream per screen. The panels come from the other
 * features (Feature.tvPanels); this feature only renders them.
 */
export function createTvFeature(deps: TvDeps): Feature {
  const streams = new TvStreams(deps);
  return {
    name: 'tv',
    httpRoutes: [tvRoute(deps, streams)],
    bullpenSubcommands: [tvSubcommand(deps)],
  };
}
