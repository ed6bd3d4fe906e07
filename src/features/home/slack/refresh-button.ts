import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { HOME_REFRESH_ACTION } from '../app/render.ts';
import { requestHomePublish, type HomeJobDeps } from '../jobs.ts';

/** Home's Refresh button: acked at once, the Home published again by a worker (jobs.ts). */

const actionBodySchema = z.object({ user: z.object({ id: z.string() }) });

export function registerRefreshButton(router: SlackRouter, deps: Pick<HomeJobDeps, 'jobs' | 'logger'>): void {
  router.action(HOME_REFRESH_ACTION, async ({ ack, body }) => {
    await ack();
    const parsed = actionBodySchema.safeParse(body);
    if (!parsed.success) return;
    try {
      await requestHomePublish(deps, parsed.data.user.id);
    } catch (error) {
      deps.logger.warn({ err: error, user: parsed.data.user.id }, 'could not queue an App Home refresh');
    }
  });
}
