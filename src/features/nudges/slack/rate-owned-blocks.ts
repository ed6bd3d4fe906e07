import type * as slack from '@slack/types';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import type { ClockedLead } from '../domain/digest.ts';
import { encodeActionValue, leadUrl, LIMITS, NUDGE_ACTIONS, plain, type SlackMessage } from './blocks.ts';

/**
 * Rate quality on the open leads a rep owns that are not waiting on them (on track, or touched and
 * not yet due again): marketing hears about every lead's quality, not only overdue ones'. One
 * section per lead with the same Rate quality button (and modal) as the digest.
 */

export const RATE_OTHERS_BLOCK = 'nudge.rate_others';

function rateSection(item: ClockedLead, instanceUrl: string): slack.SectionBlock {
  const { lead } = item;
  const name = escapeAndTruncate(lead.Name || 'Unnamed lead', 80);
  const company = lead.Company ? ` · ${escapeAndTruncate(lead.Company, 80)}` : '';
  const source = escapeAndTruncate(lead.LeadSource ?? 'No source', 40);
  return {
    type: 'section',
    block_id: `nudge.lead.${lead.Id}`,
    text: { type: 'mrkdwn', text: `<${leadUrl(instanceUrl, lead.Id)}|${name}>${company} · ${source}` },
    accessory: {
      type: 'button',
      text: plain('Rate quality', LIMITS.buttonText),
      action_id: NUDGE_ACTIONS.rateQuality,
      value: encodeActionValue({ leadId: lead.Id }),
    },
  };
}

/** `message` with the rep's other open leads before its footer, as many as the message has room for. */
export function withRateEntries<M extends SlackMessage>(
  message: M,
  others: readonly ClockedLead[],
  instanceUrl: string,
): M {
  const room = LIMITS.blocksPerMessage - message.blocks.length - 2;
  if (others.length === 0 || room <= 0) return message;
  const shown = [...others]
    .sort((a, b) => b.lead.CreatedDate.localeCompare(a.lead.CreatedDate))
    .slice(0, room);
  const more = others.length - shown.length;
  const heading: slack.KnownBlock = {
    type: 'section',
    block_id: RATE_OTHERS_BLOCK,
    text: {
      type: 'mrkdwn',
      text: `*Your other open leads* (not due yet): rate their quality for marketing${more > 0 ? ` · newest ${shown.length} of ${others.length}` : ''}`,
    },
  };
  const blocks = [...message.blocks];
  blocks.splice(
    blocks.length - 1,
    0,
    { type: 'divider' },
    heading,
    ...shown.map((i) => rateSection(i, instanceUrl)),
  );
  return { ...message, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
