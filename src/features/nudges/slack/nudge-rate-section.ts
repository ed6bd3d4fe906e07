import type { types as slack } from '@slack/bolt';
import type { ActionRate } from '../domain/action-rate.ts';
import { formatPercent } from '../domain/text.ts';

/** The nudge-to-action rate for the admin's Home and `/followup`. */
export function nudgeRateSection(rate: ActionRate, label: string): slack.SectionBlock {
  const text =
    rate.nudged === 0
      ? `*Nudge-to-action rate (${label})*\nNo digests sent yet.`
      : `*Nudge-to-action rate (${label})*\n${formatPercent(rate.rate)}: ${rate.actedOn} of ${rate.nudged} nudged leads were acted on within 24 h of their digest.`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
