import { relayRowOffers } from '../../../shared/relay/actions.ts';
import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { instanceUrl, ownerLeadsByUrgency } from '../app/lead-loader.ts';
import type { LeadReadDeps } from '../deps.ts';
import { buildLeadsList } from './blocks.ts';
import { COMMAND_FAILED, NOT_MATCHED } from './command-replies.ts';
import { withRateEntries } from './rate-owned-blocks.ts';

/**
 * `/leads`: the caller's overdue and due-soon leads, with the digest's one-click actions, then their
 * other open leads with Rate quality (a rep rates any lead they own). Acks at once and answers
 * through response_url, so reading the store never holds up the 3-second ack.
 */

async function leadsAnswer(deps: LeadReadDeps, slackUserId: string, now = new Date()) {
  const salesforceId = await deps.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return { response_type: 'ephemeral' as const, text: NOT_MATCHED };
  const { urgent, others } = await ownerLeadsByUrgency(deps, salesforceId, now);
  const url = await instanceUrl(deps);
  const list = buildLeadsList(urgent, url, deps.config.policy.sla, {
    offers: relayRowOffers(deps.config.policy),
  });
  return withRateEntries(list, others, url);
}

export function leadsCommandListener(deps: LeadReadDeps) {
  return async ({ ack, command, respond }: SlackCommandMiddlewareArgs) => {
    await ack();
    try {
      await respond({ ...(await leadsAnswer(deps, command.user_id)), replace_original: false });
    } catch (error) {
      deps.logger.error({ err: error }, '/leads failed');
      await respond({ response_type: 'ephemeral', text: COMMAND_FAILED });
    }
  };
}
