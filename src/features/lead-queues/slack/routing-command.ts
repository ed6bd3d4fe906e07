import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';
import { routingWhy, WHY_USAGE, type WhyDeps } from '../app/routing-why.ts';

/** `/routing why <lead id>`: reads Redis only, so it answers in the ack, to the caller alone. */

const MAX_COMMAND_TEXT = 200;
const commandSchema = z.object({ user_id: z.string(), text: z.string().max(MAX_COMMAND_TEXT) });

export function registerRoutingCommand(router: SlackRouter, deps: WhyDeps): void {
  router.command(
    '/routing',
    withTextLimit(MAX_COMMAND_TEXT, async ({ ack, command }) => {
      const parsed = commandSchema.safeParse(command);
      if (!parsed.success) {
        await ack(ephemeralText(WHY_USAGE));
        return;
      }
      await ack(
        ephemeralText(await routingWhy(deps, { slackUserId: parsed.data.user_id, text: parsed.data.text })),
      );
    }),
  );
}
