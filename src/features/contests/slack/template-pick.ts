import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { contestModalView } from '../app/modal-launch.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { CONTEST_TEMPLATE_ACTION_ID, decodeModalMetadata } from './modal.ts';

/** A template picked in the launch modal: the modal is rebuilt pre-filled from it. */

const templatePickSchema = z.object({
  view: z.object({ id: z.string(), hash: z.string().optional(), private_metadata: z.string() }),
  actions: z.array(z.object({ selected_option: z.object({ value: z.string() }).optional() })),
});

export function registerTemplatePick(router: SlackRouter, engine: ContestEngine): void {
  router.action(CONTEST_TEMPLATE_ACTION_ID, async ({ ack, body, client }) => {
    await ack();
    const parsed = templatePickSchema.safeParse(body);
    if (!parsed.success) return;
    const metadata = decodeModalMetadata(parsed.data.view.private_metadata);
    const templateId = parsed.data.actions[0]?.selected_option?.value;
    // A new revision: the template's fields get block ids Slack has not seen, so they show its values.
    const revision = (metadata?.revision ?? 0) + 1;
    const view = await contestModalView(engine, metadata?.originChannelId ?? '', templateId, revision);
    await client.views.update({
      view_id: parsed.data.view.id,
      ...(parsed.data.view.hash ? { hash: parsed.data.view.hash } : {}),
      view,
    });
  });
}
