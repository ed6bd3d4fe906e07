import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { publishHome, type PublishHomeDeps } from '../app/publish-home.ts';
import { HOME_REFRESH_ACTION } from '../app/render.ts';

/** Home's Refresh button publishes it again. */

const actionBodySchema = z.object({ user: z.object({ id: z.string() }) });

export function registerRefreshButton(router: SlackRouter, deps: PublishHomeDeps): void {
  router.action(HOME_REFRESH_ACTION, async ({ ack, body, client }) => {
    await ack();
    const { user } = actionBodySchema.parse(body);
    await publishHome(deps, user.id, client);
  });
}
