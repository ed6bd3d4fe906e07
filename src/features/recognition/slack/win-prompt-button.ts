import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { RECOGNITION_ACTIONS } from './blocks.ts';
import { actionBodySchema, type RecognitionListenerDeps } from './listener-deps.ts';
import { openShoutoutModal } from './open-modal.ts';

/** The win prompt's "Give a shout-out": the modal pre-filled with the deal's owner and the deal. */
export function registerWinPromptButton(router: SlackRouter, deps: RecognitionListenerDeps): void {
  router.action(RECOGNITION_ACTIONS.fromWin, async ({ ack, body, client, respond }) => {
    await ack();
    const payload = actionBodySchema.parse(body);
    const style = await deps.recognition.styleFor(payload.user.id);
    if (!style.ok || style.value !== 'executive') {
      await respond({ ...ephemeralText('Win prompts are for executives.'), replace_original: false });
      return;
    }
    const draft = await deps.recognition.draftFromWin(payload.actions[0]?.value ?? '');
    if (!draft) {
      await respond({
        ...ephemeralText(
          'That opportunity is no longer in Salesforce (or not synced yet), so there is nothing to link.',
        ),
        replace_original: false,
      });
      return;
    }
    await openShoutoutModal(deps, client, payload.trigger_id, {
      ...draft,
      metadata: { channel: null, origin: 'win-prompt' },
    });
  });
}
