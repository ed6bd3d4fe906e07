import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import { openShoutoutModal } from './open-modal.ts';

/** "More actions → Shout out" on a message: the modal, with the message's author as recipient. */

export const SHOUTOUT_SHORTCUT = 'shoutout_message';

const shortcutSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  channel: z.object({ id: z.string() }),
  message: z.object({ user: z.string().optional(), bot_id: z.string().optional() }).loose(),
});

export function registerMessageShortcut(router: SlackRouter, deps: RecognitionListenerDeps): void {
  router.shortcut(SHOUTOUT_SHORTCUT, 'message', async ({ ack, shortcut, client, respond }) => {
    await ack();
    const payload = shortcutSchema.parse(shortcut);
    const style = await deps.recognition.styleFor(payload.user.id);
    if (!style.ok) {
      await respond({ ...ephemeralText(style.error), replace_original: false });
      return;
    }
    const author = payload.message.user;
    const recipients = author && !payload.message.bot_id && author !== payload.user.id ? [author] : [];
    await openShoutoutModal(deps, client, payload.trigger_id, {
      recipients,
      message: '',
      opportunityId: null,
      metadata: { channel: payload.channel.id, origin: 'shortcut' },
    });
  });
}
