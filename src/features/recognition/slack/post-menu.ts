import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { DELETE_OPTION_VALUE_PREFIX, RECOGNITION_ACTIONS } from './blocks.ts';
import { actionBodySchema, type RecognitionListenerDeps } from './listener-deps.ts';

/** The posted shout-out's overflow menu: Delete (the author or an admin). */
export function registerPostMenu(
  router: SlackRouter,
  deps: Pick<RecognitionListenerDeps, 'recognition'>,
): void {
  router.action(RECOGNITION_ACTIONS.postMenu, async ({ ack, body, respond }) => {
    await ack();
    const payload = actionBodySchema.parse(body);
    const value = payload.actions[0]?.selected_option?.value ?? '';
    if (!value.startsWith(DELETE_OPTION_VALUE_PREFIX)) return;
    const id = value.slice(DELETE_OPTION_VALUE_PREFIX.length);
    const deleted = await deps.recognition.delete(id, payload.user.id);
    await respond({
      ...ephemeralText(deleted.ok ? `Deleted shout-out \`${id}\`.` : deleted.error),
      replace_original: false,
    });
  });
}
