import type { types as slack } from '@slack/bolt';
import { mention } from '../../../platform/slack/mentions.ts';
import { escapeAndTruncate, mrkdwnEscape } from '../../../platform/slack/text.ts';
import type { HandledLead } from '../domain/digest-records.ts';
import { linesSection } from './report-blocks.ts';

/**
 * How a digest shows what was done about its leads. A Salesforce write is only "done" once
 * Salesforce has it: until then the line says it is saving (and, past the notice, why it is taking
 * long); a refusal says so in Salesforce's own words, and the lead keeps its buttons.
 */

/** Salesforce's message, quoted: escaped for mrkdwn and kept on one line. */
const quoted = (reason: string): string => `"${mrkdwnEscape(reason.replace(/\s+/g, ' ').trim())}"`;

export function handledLine(handled: HandledLead): string {
  const pending = handled.pendingText ?? handled.text;
  switch (handled.status) {
    case 'saving':
      return `:hourglass_flowing_sand: ${pending}: saving to Salesforce…`;
    case 'delayed':
      return `:hourglass_flowing_sand: ${pending}: still saving — Salesforce is ${mrkdwnEscape(handled.reason ?? 'slow to answer')}; bullpen keeps trying.`;
    case 'failed':
      return `:x: ${pending}: *not saved* in Salesforce. Salesforce said: ${quoted(handled.reason ?? 'no reason given')}. ${mrkdwnEscape(handled.advice ?? '')}`.trim();
    default:
      return `:white_check_mark: ${handled.text}`;
  }
}

/** "Not saved", "Saving" and "Done" sections, each only when it has lines. */
export function handledSections(handled: Iterable<HandledLead>): slack.SectionBlock[] {
  const all = [...handled];
  const groups: Array<[string, HandledLead[]]> = [
    ['*Not saved to Salesforce*', all.filter((h) => h.status === 'failed')],
    ['*Saving to Salesforce*', all.filter((h) => h.status === 'saving' || h.status === 'delayed')],
    ['*Done*', all.filter((h) => h.status === undefined || h.status === 'done')],
  ];
  return groups
    .filter(([, items]) => items.length > 0)
    .map(([heading, items]) => linesSection(heading, items.map(handledLine)));
}

/** "Call logged" → "Call logged for *Jane Doe* by @someone". */
export function handledText(what: string, actorSlackId: string, leadName: string): string {
  return `${what} for *${escapeAndTruncate(leadName || 'Unnamed lead', 80)}* by ${mention(actorSlackId)}`;
}
