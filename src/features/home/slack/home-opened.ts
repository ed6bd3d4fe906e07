import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { publishHome, type PublishHomeDeps } from '../app/publish-home.ts';

/** Opening the Home tab publishes a fresh Home; a failure is logged, the tab keeps its last view. */

const homeOpenedSchema = z.object({ user: z.string(), tab: z.string().optional() });

export function registerHomeOpened(router: SlackRouter, deps: PublishHomeDeps): void {
  router.event('app_home_opened', async ({ event, client }) => {
    const parsed = homeOpenedSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    try {
      await publishHome(deps, parsed.data.user, client);
    } catch (error) {
      deps.logger.warn({ err: error, user: parsed.data.user }, 'could not publish App Home');
    }
  });
}
