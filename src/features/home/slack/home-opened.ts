import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Services } from '../../../services.ts';
import type { SlackFeature } from '../../../shared/feature.ts';
import type { HomeSection } from '../../../shared/home/section.ts';
import { homeSections } from '../../home-registry.ts';
import { HOME_REFRESH_ACTION, homeViewerFor, renderHome, type RenderedHome } from '../app/render.ts';

/**
 * App Home: rendered from Redis and published with views.publish (Tier 4) when someone opens the
 * Home tab or clicks Refresh. Publishing is idempotent, so a retried event just publishes again.
 */

const homeOpenedSchema = z.object({ user: z.string(), tab: z.string().optional() });
const actionBodySchema = z.object({ user: z.object({ id: z.string() }) });

/** Renders and publishes one person's Home; other features may call it after a change. */
export async function publishHome(
  services: Services,
  slackUserId: string,
  options: { client?: WebClient; sections?: readonly HomeSection[] } = {},
): Promise<RenderedHome> {
  const viewer = await homeViewerFor(services, slackUserId);
  const rendered = await renderHome(services, viewer, options.sections ?? homeSections(services));
  await (options.client ?? services.slack).views.publish({ user_id: slackUserId, view: rendered.view });
  services.logger.debug(
    { user: slackUserId, renderMs: Math.round(rendered.renderMs), sections: rendered.sections.length },
    'App Home published',
  );
  return rendered;
}

export const homeFeature: SlackFeature = {
  name: 'home',
  register(router, services) {
    router.event('app_home_opened', async ({ event, client }) => {
      const parsed = homeOpenedSchema.safeParse(event);
      if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
      try {
        await publishHome(services, parsed.data.user, { client });
      } catch (error) {
        services.logger.warn({ err: error, user: parsed.data.user }, 'could not publish App Home');
      }
    });

    router.action(HOME_REFRESH_ACTION, async ({ ack, body, client }) => {
      await ack();
      const { user } = actionBodySchema.parse(body);
      await publishHome(services, user.id, { client });
    });
  },
};
