import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { LAUNCH_DRAFT_ACTION_ID } from '../app/manage.ts';
import { launchSavedDraft } from '../app/saved-draft.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';

/** "Launch it" under a saved draft: the answer replaces the draft once it is launched. */

const draftButtonSchema = z.object({
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string() })),
  channel: z.object({ id: z.string() }).optional(),
});

export function registerLaunchDraftButton(router: SlackRouter, engine: ContestEngine): void {
  router.action(LAUNCH_DRAFT_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    const parsed = draftButtonSchema.safeParse(body);
    const draftId = parsed.success ? parsed.data.actions[0]?.value : undefined;
    if (!parsed.success || !draftId) return;
    const answer = await launchSavedDraft(engine, draftId, parsed.data.user.id);
    if (answer.kind === 'reply') await respond({ ...answer.message, replace_original: false });
    if (answer.kind === 'launched') await respond({ ...answer.message, replace_original: true });
  });
}
