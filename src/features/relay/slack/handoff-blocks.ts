import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';

/** The AE's DM for a hand-off, its reminders, the manager's escalation and the SDR's return note. */

export const ACCEPT_ACTION = 'relay.accept';
export const RETURN_ACTION = 'relay.return';
export const OPEN_ACTION = 'relay.open_lead';

interface Message {
  text: string;
  blocks: Record<string, unknown>[];
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

const leadTitle = (h: Pick<Handoff, 'leadName' | 'company'>): string =>
  `*${mrkdwnEscape(h.leadName)}*${h.company ? ` (${mrkdwnEscape(h.company)})` : ''}`;

/** Accept, Return, and the lead in Salesforce (a link button; its click is only acknowledged). */
const decisionButtons = (leadId: string, instanceUrl: string) => ({
  type: 'actions',
  block_id: `relay.handoff.${leadId}`,
  elements: [
    {
      type: 'button',
      action_id: ACCEPT_ACTION,
      style: 'primary',
      text: { type: 'plain_text', text: 'Accept' },
      value: leadId,
    },
    { type: 'button', action_id: RETURN_ACTION, text: { type: 'plain_text', text: 'Return' }, value: leadId },
    {
      type: 'button',
      action_id: OPEN_ACTION,
      text: { type: 'plain_text', text: 'Open in Salesforce' },
      url: `${instanceUrl}/lightning/r/Lead/${leadId}/view`,
    },
  ],
});

const dueLine = (dueAt: string): string =>
  `Accept or return by <!date^${Math.floor(Date.parse(dueAt) / 1000)}^{date_short_pretty} {time}|${dueAt}>.`;

export function handoffMessage(h: Handoff, instanceUrl: string): Message {
  const text = `<@${h.sdrSlackId}> qualified ${h.leadName} and handed it to you.`;
  return {
    text,
    blocks: [
      section(`<@${h.sdrSlackId}> qualified ${leadTitle(h)} and handed it to you.`),
      section(mrkdwnEscape(h.summary)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: dueLine(h.dueAt) }] },
      decisionButtons(h.leadId, instanceUrl),
    ],
  };
}

export function reminderMessage(h: Handoff, instanceUrl: string): Message {
  const text = `Reminder: ${h.leadName} is waiting for you to accept or return it.`;
  return {
    text,
    blocks: [
      section(`Reminder: ${leadTitle(h)} is past its accept SLA.`),
      decisionButtons(h.leadId, instanceUrl),
    ],
  };
}

export function escalationMessage(h: Handoff, aeSlackId: string | null): string {
  const who = aeSlackId ? `<@${aeSlackId}>` : 'Its AE';
  return `${h.leadName}${h.company ? ` (${h.company})` : ''} was handed off by <@${h.sdrSlackId}> and is past its accept SLA: ${who} has neither accepted nor returned it.`;
}

export function returnedMessage(h: Handoff, reason: string, note: string, aeSlackId: string | null): string {
  const who = aeSlackId ? `<@${aeSlackId}>` : 'The AE';
  return `${who} returned ${h.leadName} to nurture: ${reason}${note ? ` — "${note}"` : ''}.`;
}

/** What the AE's DM becomes once they decided: the buttons go, the decision stays. */
export function decidedMessage(h: Handoff, decision: string): Message {
  return {
    text: decision,
    blocks: [section(`${leadTitle(h)}: ${mrkdwnEscape(decision)}`), section(mrkdwnEscape(h.summary))],
  };
}
