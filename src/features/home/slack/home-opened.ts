import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { requestHomePublish, type HomeJobDeps } from '../jobs.ts';

/**
 * Opening the Home tab asks a worker to publish a fresh Home (jobs.ts); a failure to queue is
 * logged, the tab keeps its last view.
 */

const homeOpenedSchema = z.object({ user: z.string(), tab: z.string().optional() });

export function registerHomeOpened(router: SlackRouter, deps: Pick<HomeJobDeps, 'jobs' | 'logger'>): void {
  router.event('app_home_opened', async ({ event }) => {
    const parsed = homeOpenedSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    try {
      await requestHomePublish(deps, parsed.data.user);
    } catch (error) {
      deps.logger.warn({ err: error, user: parsed.data.user }, 'could not queue an App Home publish');
    }
  });
}
