import { buildLeadsList } from './blocks.ts';
import { instanceUrl, ownerQueue } from '../app/lead-loader.ts';
import { followUpAnswer } from '../app/reports.ts';
import type { Services } from '../../../services.ts';
import type { SlackFeature } from '../../../shared/feature.ts';
import { registerNudgeActions } from './lead-action-listeners.ts';

/**
 * `/leads` (the caller's overdue and due-soon leads, with the digest's one-click actions) and
 * `/followup` (follow-up rate: own, team for managers, everyone for admins). Both ack at once and
 * answer through response_url, so reading the store never holds up the 3-second ack.
 */

const NOT_MATCHED =
  "I couldn't match your Slack account to a Salesforce user (bullpen matches by email). Ask your bullpen admin: `bullpen doctor` lists who is unmatched.";
const FAILED = 'Something went wrong on our side while reading your leads. Please try again in a minute.';

export async function leadsAnswer(services: Services, slackUserId: string, now = new Date()) {
  const salesforceId = await services.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return { response_type: 'ephemeral' as const, text: NOT_MATCHED };
  const queue = await ownerQueue(services, salesforceId, { now });
  const urgent = queue.clocked.filter((c) => c.clock.state === 'overdue' || c.clock.state === 'due-soon');
  return buildLeadsList(urgent, await instanceUrl(services), services.config.policy.sla);
}

export const nudgesFeature: SlackFeature = {
  name: 'nudges',
  register(router, services) {
    router.command('/leads', async ({ ack, command, respond }) => {
      await ack();
      try {
        await respond({ ...(await leadsAnswer(services, command.user_id)), replace_original: false });
      } catch (error) {
        services.logger.error({ err: error }, '/leads failed');
        await respond({ response_type: 'ephemeral', text: FAILED });
      }
    });

    router.command('/followup', async ({ ack, command, respond }) => {
      await ack();
      try {
        const answer = await followUpAnswer(services, command.user_id);
        await respond(answer ?? { response_type: 'ephemeral', text: NOT_MATCHED });
      } catch (error) {
        services.logger.error({ err: error }, '/followup failed');
        await respond({ response_type: 'ephemeral', text: FAILED });
      }
    });

    registerNudgeActions(router, services);
  },
};
