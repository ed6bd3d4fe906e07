import { z } from 'zod';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { claimLead, type ClaimDeps } from '../app/claim.ts';
import { LEAD_QUEUE_ACTIONS } from './blocks.ts';

/**
 * The Claim button on a queue channel post. Acknowledged at once (the Salesforce write can take a
 * moment); a refusal or a failed write is answered to the clicker alone, a success is seen by
 * everyone as the updated post.
 */

const claimClickSchema = z.object({
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string().min(1) })).min(1),
});

export function registerClaimButton(router: SlackRouter, deps: ClaimDeps): void {
  router.action(LEAD_QUEUE_ACTIONS.claim, async ({ ack, body, respond }) => {
    await ack();
    const click = claimClickSchema.safeParse(body);
    if (!click.success) {
      await respond({
        ...ephemeralText('That Claim button is not one bullpen can read.'),
        replace_original: false,
      });
      return;
    }
    const arrivalId = click.data.actions[0]?.value ?? '';
    try {
      const outcome = await claimLead(deps, { arrivalId, slackUserId: click.data.user.id });
      if (!outcome.ok) await respond({ ...ephemeralText(outcome.text), replace_original: false });
    } catch (error) {
      deps.logger.error({ err: error, arrivalId }, 'a queue claim failed');
      await respond({
        ...ephemeralText('bullpen could not record your claim just now; nothing changed. Please try again.'),
        replace_original: false,
      });
    }
  });
}
