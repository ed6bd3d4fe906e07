import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { formatAmount } from '../domain/opportunity.ts';
import { RECOGNITION_ACTIONS } from './blocks.ts';
import { actionBodySchema, openShoutoutModal, type RecognitionListenerDeps } from './listener-deps.ts';

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
    const opportunityId = payload.actions[0]?.value ?? '';
    const opportunity = await deps.store.get('Opportunity', opportunityId);
    if (!opportunity || opportunity.IsDeleted) {
      await respond({
        ...ephemeralText(
          'That opportunity is no longer in Salesforce (or not synced yet), so there is nothing to link.',
        ),
        replace_original: false,
      });
      return;
    }
    const owner = await deps.people.slackIdFor(opportunity.OwnerId);
    await openShoutoutModal(deps, client, payload.trigger_id, {
      recipients: owner ? [owner] : [],
      message: `Congratulations on closing ${opportunity.Name} (${formatAmount(opportunity.Amount)})! Great work.`,
      opportunityId: opportunity.Id,
      metadata: { channel: null, origin: 'win-prompt' },
    });
  });
}
