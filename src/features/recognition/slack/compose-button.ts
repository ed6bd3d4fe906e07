import type { SlackRouter } from '../../../platform/slack/router.ts';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import { RECOGNITION_ACTIONS } from './blocks.ts';
import { actionBodySchema, type RecognitionListenerDeps } from './listener-deps.ts';
import { openNotice, openShoutoutModal } from './open-modal.ts';

/** App Home's "Give a shout-out": an empty modal, or a notice saying why not. */
export function registerComposeButton(router: SlackRouter, deps: RecognitionListenerDeps): void {
  router.action(RECOGNITION_ACTIONS.compose, async ({ ack, body, client }) => {
    await ack();
    const payload = actionBodySchema.parse(body);
    const style = await deps.recognition.styleFor(payload.user.id);
    if (!style.ok) {
      await openNotice(client, payload.trigger_id, mrkdwnEscape(style.error));
      return;
    }
    await openShoutoutModal(deps, client, payload.trigger_id, {
      recipients: [],
      message: '',
      opportunityId: null,
      metadata: { channel: null, origin: 'home' },
    });
  });
}
