import type { KnownBlock } from '@slack/types';
import { slackDate } from '../../../platform/slack/dates.ts';
import { mention } from '../../../platform/slack/mentions.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { elapsedText, type Arrival } from '../domain/arrival.ts';

/**
 * Block Kit for a lead waiting in a queue channel, in each of its states: waiting (with Claim),
 * claimed, and gone (assigned or converted in Salesforce), plus the overdue reply under the post
 * and the manager's DM. Pure builders; the action id is the contract with slack/claim-button.ts
 * and never changes once shipped.
 */

export const LEAD_QUEUE_ACTIONS = { claim: 'lead_queue.claim' } as const;

export interface QueueMessage {
  text: string;
  blocks: KnownBlock[];
}

const MAX_NAME = 120;
const MAX_FIELD = 150;

const leadTitle = (arrival: Arrival): string => {
  const name = escapeAndTruncate(arrival.lead.name, MAX_NAME);
  const company = arrival.lead.company ? ` · ${escapeAndTruncate(arrival.lead.company, MAX_FIELD)}` : '';
  return `*${name}*${company}`;
};

const leadFacts = (arrival: Arrival): string => {
  const created = new Date(arrival.lead.createdAt);
  const source = arrival.lead.source ? escapeAndTruncate(arrival.lead.source, MAX_FIELD) : 'no source';
  const when = slackDate(created, '{date_short_pretty} at {time}', created.toISOString());
  return `Source: ${source} · Created ${when}`;
};

const queueLine = (arrival: Arrival): string =>
  `New lead in the *${escapeAndTruncate(arrival.queueName, MAX_FIELD)}* queue`;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

const claimButton = (arrival: Arrival): KnownBlock => ({
  type: 'actions',
  elements: [
    {
      type: 'button',
      action_id: LEAD_QUEUE_ACTIONS.claim,
      text: { type: 'plain_text', text: 'Claim' },
      style: 'primary',
      value: arrival.id,
    },
  ],
});

const plainName = (arrival: Arrival): string => arrival.lead.name;

/** Posted when the lead lands in the queue. */
export function waitingMessage(arrival: Arrival, note?: string): QueueMessage {
  return {
    text: `New lead in the ${arrival.queueName} queue: ${plainName(arrival)}`,
    blocks: [
      section(`${queueLine(arrival)}\n${leadTitle(arrival)}`),
      context(leadFacts(arrival)),
      ...(note ? [context(note)] : []),
      claimButton(arrival),
    ],
  };
}

/** Still unclaimed past the claim SLA: a reply under the post, also shown in the channel. */
export function overdueMessage(arrival: Arrival, waitedMs: number): QueueMessage {
  const line = `:rotating_light: *Unclaimed for ${elapsedText(waitedMs)}* (claim SLA ${arrival.claimSlaMinutes} min): ${leadTitle(arrival)}`;
  return {
    text: `Unclaimed for ${elapsedText(waitedMs)}: ${plainName(arrival)}`,
    blocks: [section(line)],
  };
}

/** "Claimed by @x after 3m 12s": the button is gone for everyone. */
export function claimedMessage(arrival: Arrival, slackUserId: string, waitedMs: number): QueueMessage {
  const line = `:white_check_mark: Claimed by ${mention(slackUserId)} after ${elapsedText(waitedMs)}`;
  return {
    text: `${plainName(arrival)}: claimed after ${elapsedText(waitedMs)}`,
    blocks: [section(`${line}\n${leadTitle(arrival)}`), context(leadFacts(arrival))],
  };
}

/** The lead was assigned (or converted) in Salesforce, not through Claim. */
export function leftQueueMessage(
  arrival: Arrival,
  left: { how: 'assigned' | 'converted'; ownerSlackId: string | null },
): QueueMessage {
  const who = left.ownerSlackId ? ` to ${mention(left.ownerSlackId)}` : '';
  const what = left.how === 'converted' ? 'Converted in Salesforce' : `Assigned in Salesforce${who}`;
  return {
    text: `${plainName(arrival)}: ${left.how} in Salesforce`,
    blocks: [
      section(`:arrow_right: ${what}; no longer waiting\n${leadTitle(arrival)}`),
      context(leadFacts(arrival)),
    ],
  };
}

/** The manager's DM when a lead waits past the claim SLA. */
export function managerOverdueMessage(arrival: Arrival, waitedMs: number): QueueMessage {
  const where = arrival.channel.startsWith('#') ? arrival.channel : `<#${arrival.channel}>`;
  const text = `A lead has waited ${elapsedText(waitedMs)} unclaimed in the ${arrival.queueName} queue (claim SLA ${arrival.claimSlaMinutes} min)`;
  return {
    text,
    blocks: [
      section(
        `:rotating_light: A lead has waited *${elapsedText(waitedMs)}* unclaimed in the *${escapeAndTruncate(arrival.queueName, MAX_FIELD)}* queue (claim SLA ${arrival.claimSlaMinutes} min)\n${leadTitle(arrival)}`,
      ),
      context(`${leadFacts(arrival)} · Posted in ${where}`),
    ],
  };
}
