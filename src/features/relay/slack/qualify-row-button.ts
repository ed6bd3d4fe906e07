import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { QUALIFY_LEAD_ACTION } from '../../../shared/relay/actions.ts';
import { leadIdIn } from '../domain/lead-ref.ts';
import type { RelayDeps } from '../app/deps.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { openQualify } from './open-qualify.ts';

/**
 * "Qualify" on a lead row of the digest, the assignment alert, `/leads` and App Home (nudges build
 * those rows; the action id is shared/relay's): the same modal and refusals as `/qualify`.
 */

const clickSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  container: z.object({ type: z.string() }).optional(),
  actions: z.array(z.object({ value: z.string() })).min(1),
});

const BAD_BUTTON = 'That Qualify button names no lead; nothing was opened.';

export function registerQualifyRowButton(
  router: SlackRouter,
  deps: RelayListenerDeps & Pick<RelayDeps, 'delivery'>,
): void {
  router.action(QUALIFY_LEAD_ACTION, async ({ ack, body, client, respond }) => {
    await ack();
    const click = clickSchema.safeParse(body);
    if (!click.success) return;
    const { user, trigger_id: triggerId, container, actions } = click.data;
    const leadId = leadIdIn(actions[0]?.value ?? '');
    const refusal = leadId
      ? await openQualify(deps, client, { userId: user.id, triggerId, leadId })
      : BAD_BUTTON;
    if (!refusal) return;
    if (container?.type === 'view') {
      // App Home has no response_url: a DM is the only place left to say why.
      const key = `relay-qualify-refused-${user.id}-${leadId ?? 'none'}-${Date.now()}`;
      await deps.delivery.enqueue({ key, method: 'dm', args: { user: user.id, text: refusal } });
      return;
    }
    await respond({ ...ephemeralText(refusal), replace_original: false });
  });
}
