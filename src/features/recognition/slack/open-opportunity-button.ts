import type { SlackRouter } from '../../../platform/slack/router.ts';
import { RECOGNITION_ACTIONS } from './blocks.ts';

/** "Open in Salesforce" is a link; Slack still sends the click, which must be acknowledged. */
export function registerOpenOpportunityButton(router: SlackRouter): void {
  router.action(RECOGNITION_ACTIONS.openOpportunity, async ({ ack }) => {
    await ack();
  });
}
