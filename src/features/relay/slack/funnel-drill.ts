import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { drillDown, FUNNEL_REFUSAL, mayViewFunnel, readFunnelPeriod } from '../app/funnel.ts';
import { FUNNEL_DRILL_ACTION, parseDrillBlockId, parseDrillOption } from './funnel-blocks.ts';
import { drillLoadingModal, drillModal } from './funnel-message.ts';
import type { FunnelListenerDeps } from './listener-deps.ts';

/**
 * "Show leads" on a funnel number (`/funnel`'s answer or Home): a modal with the first 20 leads
 * behind it. The modal opens at once (the trigger lasts 3 seconds) and fills in when they are read.
 */

const selectSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  actions: z
    .array(z.object({ block_id: z.string(), selected_option: z.object({ value: z.string() }) }))
    .min(1),
});
const openedSchema = z.object({ view: z.object({ id: z.string() }) });

const textModal = (text: string) => ({
  ...drillLoadingModal(),
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
});

export function registerFunnelDrill(router: SlackRouter, deps: FunnelListenerDeps): void {
  router.action(FUNNEL_DRILL_ACTION, async ({ ack, body, client }) => {
    await ack();
    const click = selectSchema.parse(body);
    const action = click.actions[0];
    const target = action ? parseDrillBlockId(action.block_id) : null;
    const choice = action ? parseDrillOption(action.selected_option.value) : null;
    const opened = openedSchema.parse(
      await client.views.open({ trigger_id: click.trigger_id, view: drillLoadingModal() }),
    );
    const show = (view: ReturnType<typeof drillLoadingModal>) =>
      client.views.update({ view_id: opened.view.id, view });
    if (!(await mayViewFunnel(deps, click.user.id))) return void (await show(textModal(FUNNEL_REFUSAL)));
    const now = new Date();
    const period = target ? readFunnelPeriod(deps, target.period, now) : null;
    if (!target || !choice || !period?.ok) {
      return void (await show(
        textModal('That menu is from an older version of bullpen: run `/funnel` again.'),
      ));
    }
    const query = { group: target.group, ...choice };
    await show(drillModal(period.period, query, await drillDown(deps, period.period, query, now)));
  });
}
