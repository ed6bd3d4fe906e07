import type { WebClient } from '@slack/web-api';
import type { HomeSection } from '../../../shared/home/section.ts';
import {
  homeViewerFor,
  renderHome,
  type HomeViewerDeps,
  type RenderDeps,
  type RenderedHome,
} from './render.ts';

/** Everything publishing a Home needs; `sections` are the other features', handed in by main.ts. */
export interface PublishHomeDeps extends RenderDeps, HomeViewerDeps {
  /** Publishes outside a Slack request (a refresh asked for by another feature). */
  slack: Pick<WebClient, 'views'>;
  sections: readonly HomeSection[];
}

/**
 * Renders one person's Home from Redis and publishes it with views.publish (Tier 4). Publishing is
 * idempotent, so a retried event just publishes again. `client` is the request's own Bolt client.
 */
export async function publishHome(
  deps: PublishHomeDeps,
  slackUserId: string,
  client: Pick<WebClient, 'views'> = deps.slack,
): Promise<RenderedHome> {
  const viewer = await homeViewerFor(deps, slackUserId);
  const rendered = await renderHome(deps, viewer, deps.sections);
  await client.views.publish({ user_id: slackUserId, view: rendered.view });
  deps.logger.debug(
    { user: slackUserId, renderMs: Math.round(rendered.renderMs), sections: rendered.sections.length },
    'App Home published',
  );
  return rendered;
}
