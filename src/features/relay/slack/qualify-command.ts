import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { leadIdIn } from '../domain/lead-ref.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { openQualify } from './open-qualify.ts';

/** `/qualify <lead Id or Salesforce URL>`: the Qualify modal for that lead. */

export const QUALIFY_COMMAND = '/qualify';
const USAGE = 'Usage: `/qualify <lead Id or Salesforce lead URL>`, e.g. `/qualify 00Q5g00000AbCdE`.';

const commandSchema = z.object({ user_id: z.string(), trigger_id: z.string(), text: z.string() });

export function registerQualifyCommand(router: SlackRouter, deps: RelayListenerDeps): void {
  router.command(QUALIFY_COMMAND, async ({ ack, command, client, respond }) => {
    const payload = commandSchema.parse(command);
    const leadId = leadIdIn(payload.text);
    if (!leadId) {
      await ack(ephemeralText(USAGE));
      return;
    }
    await ack();
    const refusal = await openQualify(deps, client, {
      userId: payload.user_id,
      triggerId: payload.trigger_id,
      leadId,
    });
    if (refusal) await respond(ephemeralText(refusal));
  });
}
