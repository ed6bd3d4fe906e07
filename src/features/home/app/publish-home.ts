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
  slack: Pick<WebClient, 'apiCall'>;
  sections: readonly HomeSection[];
}

/**
 * Renders one person's Home from Redis and publishes it with views.publish (Tier 4). Publishing is
 * idempotent, so a retried event just publishes again. `client` is the request's own Bolt client.
 */
export async function publishHome(
  deps: PublishHomeDeps,
  slackUserId: string,
  client: Pick<WebClient, 'apiCall'> = deps.slack,
): Promise<RenderedHome> {
  const viewer = await homeViewerFor(deps, slackUserId);
  const rendered = await renderHome(deps, viewer, deps.sections);
  // The view goes as the JSON string Slack's form body carries anyway. Given an object,
  // @slack/web-api 8.2 copies it key by key, testing each key against a pattern, for a debug line
  // it builds even when nothing logs at debug: that cost a worker about as much as rendering the
  // Home (bench acks profile). Same request on the wire; retries and rate limits stay the client's.
  await client.apiCall('views.publish', { user_id: slackUserId, view: JSON.stringify(rendered.view) });
  deps.logger.debug(
    { user: slackUserId, renderMs: Math.round(rendered.renderMs), sections: rendered.sections.length },
    'App Home published',
  );
  return rendered;
}
