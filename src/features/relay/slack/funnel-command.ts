import { z } from 'zod';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { funnelFor, FUNNEL_REFUSAL, mayViewFunnel, readFunnelPeriod } from '../app/funnel.ts';
import type { FunnelListenerDeps } from './listener-deps.ts';
import { funnelMessage } from './funnel-message.ts';

/** `/funnel [period]`: marketing's funnel for marketing and admins, ephemerally. */

export const FUNNEL_COMMAND = '/funnel';

const commandSchema = z.object({ user_id: z.string(), text: z.string() });

export function registerFunnelCommand(router: SlackRouter, deps: FunnelListenerDeps): void {
  router.command(FUNNEL_COMMAND, async ({ ack, command, respond }) => {
    const payload = commandSchema.parse(command);
    if (!(await mayViewFunnel(deps, payload.user_id))) {
      await ack(ephemeralText(FUNNEL_REFUSAL));
      return;
    }
    const now = new Date();
    const parsed = readFunnelPeriod(deps, payload.text, now);
    if (!parsed.ok) {
      await ack(ephemeralText(parsed.error));
      return;
    }
    // Reading every lead of two periods can take longer than Slack's 3 seconds: answer afterwards.
    await ack();
    await respond(ephemeralMessage(funnelMessage(await funnelFor(deps, parsed.period, now))));
  });
}
