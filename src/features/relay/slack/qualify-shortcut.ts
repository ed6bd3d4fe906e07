import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { leadIdIn } from '../domain/lead-ref.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { openQualify } from './open-qualify.ts';

/** "More actions → Qualify" on a message that links a lead (a Salesforce lead URL or a 00Q Id). */

export const QUALIFY_SHORTCUT = 'relay_qualify_message';

const shortcutSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  message: z.object({ text: z.string().optional() }).loose(),
});

export function registerQualifyShortcut(router: SlackRouter, deps: RelayListenerDeps): void {
  router.shortcut(QUALIFY_SHORTCUT, 'message', async ({ ack, shortcut, client, respond }) => {
    await ack();
    const payload = shortcutSchema.parse(shortcut);
    const leadId = leadIdIn(payload.message.text ?? '');
    const refusal = leadId
      ? await openQualify(deps, client, { userId: payload.user.id, triggerId: payload.trigger_id, leadId })
      : 'That message links no lead: Qualify needs a Salesforce lead link or a lead Id (00Q…) in it.';
    if (refusal) await respond({ ...ephemeralText(refusal), replace_original: false });
  });
}
