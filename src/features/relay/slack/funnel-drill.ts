import { z } from 'zod';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import type { FunnelListenerDeps } from './listener-deps.ts';
import { enqueueFunnelDrill, FUNNEL_FAILED } from '../replies/funnel-reply-jobs.ts';
import { FUNNEL_DRILL_ACTION } from './funnel-blocks.ts';
import { drillLoadingModal, drillTextModal } from './funnel-message.ts';

/**
 * "Show leads" on a funnel number (`/funnel`'s answer or Home): a modal with the first 20 leads
 * behind it. The modal opens here at once (the trigger lasts 3 seconds); a worker checks the
 * clicker's role, reads the leads and fills it in (replies/funnel-reply-jobs.ts), so the web process
 * reads nothing from the store.
 */

const selectSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  actions: z
    .array(z.object({ block_id: z.string(), selected_option: z.object({ value: z.string() }) }))
    .min(1),
});
const openedSchema = z.object({ view: z.object({ id: z.string() }) });

export function registerFunnelDrill(router: SlackRouter, deps: FunnelListenerDeps): void {
  router.action(FUNNEL_DRILL_ACTION, async ({ ack, body, client }) => {
    await ack();
    const requestedAt = new Date().toISOString();
    const click = selectSchema.parse(body);
    const opened = openedSchema.parse(
      await client.views.open({ trigger_id: click.trigger_id, view: drillLoadingModal() }),
    );
    const [action] = click.actions;
    const drill = {
      userId: click.user.id,
      viewId: opened.view.id,
      blockId: action?.block_id ?? '',
      option: action?.selected_option.value ?? '',
      requestedAt,
    };
    try {
      await enqueueFunnelDrill(deps, drill);
    } catch (error) {
      deps.logger.error({ err: error }, 'the funnel drill-down could not be queued');
      await client.views.update({ view_id: opened.view.id, view: drillTextModal(FUNNEL_FAILED) });
    }
  });
}
