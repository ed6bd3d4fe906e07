import type { KnownBlock } from '@slack/types';
import { slackDate } from '../../../platform/slack/dates.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { skipReasonText } from '../domain/routing.ts';
import type { RoutedLead } from '../routing-store.ts';
import type { QueueMessage } from './blocks.ts';

/**
 * Routing's words: the note on a Claim post when nobody could be routed, the re-route DMs (the rep
 * who lost the lead, the one who got it, the manager's copy) and the `/routing why` answer. Pure.
 */

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A person by Slack mention when matched, else their Salesforce User Id. */
export type NameOf = (salesforceUserId: string) => string;

export const noEligibleNote = (skipped: number): string =>
  skipped === 0
    ? ':information_source: Routing found no member to assign this lead to: claim it here.'
    : `:information_source: Routing found no eligible member (${skipped} skipped: away, off hours or inactive): claim it here.`;

export interface RerouteFacts {
  leadName: string;
  queueName: string;
  from: string;
  to: string;
  afterSla: number;
}

const leadLine = (facts: RerouteFacts): string =>
  `*${escapeAndTruncate(facts.leadName, 120)}* (${escapeAndTruncate(facts.queueName, 150)} queue)`;

export function rerouteMessages(facts: RerouteFacts): {
  from: QueueMessage;
  to: QueueMessage;
  manager: QueueMessage;
} {
  const why = `untouched after ${facts.afterSla}x its SLA`;
  const make = (text: string): QueueMessage => ({ text, blocks: [section(text)] });
  return {
    from: make(`:arrows_counterclockwise: ${leadLine(facts)} was ${why}, so it moved to ${facts.to}.`),
    to: make(`:arrows_counterclockwise: ${leadLine(facts)} moved to you from ${facts.from} (${why}).`),
    manager: make(
      `:arrows_counterclockwise: FYI: ${leadLine(facts)} moved from ${facts.from} to ${facts.to} (${why}).`,
    ),
  };
}

/** Who got a routed lead, when and why, newest last. */
export function whyText(record: RoutedLead, nameOf: NameOf): string {
  const lines = record.assignments.map((assignment, index) => {
    const at = new Date(assignment.at);
    const when = slackDate(at, '{date_short_pretty} at {time}', at.toISOString());
    const queue = escapeAndTruncate(record.queueName, 150);
    const rule =
      assignment.rule === 'round-robin'
        ? `round-robin in the ${queue} queue`
        : assignment.rule === 'claim'
          ? `claimed from the ${queue} queue's channel`
          : `re-routed from ${assignment.from ? nameOf(assignment.from) : 'the previous owner'} (untouched past the SLA)`;
    const skipped = assignment.skipped.map((s) => `${nameOf(s.userId)}: ${skipReasonText(s.reason)}`);
    const skippedText = skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '';
    return `${index + 1}. ${nameOf(assignment.ownerId)} on ${when}: ${rule}${skippedText}`;
  });
  return [`Lead ${record.leadId}, assigned by bullpen:`, ...lines].join('\n');
}
