import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { ACCEPT_ACTION, decidedMessage, OPEN_ACTION, RETURN_ACTION } from './handoff-blocks.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { returnModal } from './return-modal.ts';

/** The AE's Accept and Return buttons on the hand-off DM (and its reminder). */

const clickSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  response_url: z.string().url().optional(),
  actions: z.array(z.object({ value: z.string() })).min(1),
});

export const ACCEPTED_TEXT = 'Accepted. It is yours: your first-touch clock runs from now.';

export function registerAcceptButton(router: SlackRouter, deps: RelayListenerDeps): void {
  router.action(ACCEPT_ACTION, async ({ ack, body, respond }) => {
    await ack();
    const click = clickSchema.parse(body);
    const answer = await deps.decide.accept(click.user.id, click.actions[0]?.value ?? '');
    if (answer.ok) {
      await respond({ replace_original: true, ...decidedMessage(answer.handoff, ACCEPTED_TEXT) });
    } else {
      await respond({ ...ephemeralText(answer.message), replace_original: false });
    }
  });
}

export function registerReturnButton(router: SlackRouter, deps: RelayListenerDeps): void {
  router.action(RETURN_ACTION, async ({ ack, body, client, respond }) => {
    await ack();
    const click = clickSchema.parse(body);
    const leadId = click.actions[0]?.value ?? '';
    const pending = await deps.decide.pendingFor(click.user.id, leadId);
    if (!pending.ok) {
      await respond({ ...ephemeralText(pending.message), replace_original: false });
      return;
    }
    const metadata = { leadId, ...(click.response_url ? { responseUrl: click.response_url } : {}) };
    const view = returnModal({
      leadName: pending.handoff.leadName,
      reasons: deps.config.policy.relay.returnReasons,
      metadata,
    });
    await client.views.open({ trigger_id: click.trigger_id, view });
  });
}

/** "Open in Salesforce" is a link; Slack still sends the click, which must be acknowledged. */
export function registerOpenLeadButton(router: SlackRouter): void {
  router.action(OPEN_ACTION, async ({ ack }) => {
    await ack();
  });
}
