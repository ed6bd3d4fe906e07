import type { types as slack } from '@slack/bolt';
import { DateTime } from 'luxon';
import type { Lead } from '../../../platform/salesforce/records.ts';
import { escapeAndTruncate, truncateMrkdwn } from '../../../platform/slack/text.ts';
import type { LeadClock } from '../../../shared/sla/lead-clock.ts';
import type { RelayRowOffers } from '../../../shared/relay/actions.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import { selectAlertLeads } from '../domain/alert-batch.ts';
import { formatHours } from '../domain/text.ts';
import { leadActions, leadUrl, LIMITS, plain, type SlackMessage } from './blocks.ts';

/**
 * Block Kit for the instant assignment alert: the leads just given to a rep, each with who, company,
 * source, campaign and its SLA deadline in the rep's time zone, and the digest's one-click actions
 * (the same row buttons, so a click is handled exactly as one on a digest).
 */

export interface AlertLead {
  lead: Lead;
  clock: LeadClock;
  /** Name of the lead's latest campaign, if it is in one. */
  campaign: string | null;
}

export interface AssignmentAlertInput {
  /** In the order they were assigned; the newest are shown first. */
  leads: readonly AlertLead[];
  alertId: string;
  instanceUrl: string;
  policy: SlaPolicy;
  /** The rep's time zone: deadlines are written in it. */
  timeZone: string;
  /** The relay's actions on each row (Qualify on raw leads), when it is set up. */
  offers?: RelayRowOffers;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Mon 30 Nov, 14:30 EST": the rep's own wall clock, with the zone so it cannot be misread. */
export function localDeadline(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('ccc d LLL, HH:mm ZZZZ');
}

function deadlineLine(clock: LeadClock, timeZone: string): string {
  const what = clock.kind === 'first-touch' ? 'First touch' : 'Follow-up';
  const sla = `SLA ${formatHours(clock.slaHours)}`;
  if (!clock.dueAt) return `${what} · ${sla}`;
  const when = localDeadline(clock.dueAt, timeZone);
  if (clock.state === 'overdue') return `:red_circle: ${what} was due *${when}* · ${sla}`;
  return `:alarm_clock: ${what} due by *${when}* · ${sla}`;
}

export function alertLeadText(item: AlertLead, instanceUrl: string, timeZone: string): string {
  const { lead } = item;
  const name = escapeAndTruncate(lead.Name || 'Unnamed lead', 80);
  const link = `<${leadUrl(instanceUrl, lead.Id).replace(/[<>|]/g, '')}|${name}>`;
  const company = lead.Company ? ` · ${escapeAndTruncate(lead.Company, 80)}` : '';
  const source = escapeAndTruncate(lead.LeadSource ?? 'No source', 40);
  const campaign = item.campaign ? ` · Campaign: ${escapeAndTruncate(item.campaign, 80)}` : '';
  const text = `*${link}*${company}\n${source}${campaign}\n${deadlineLine(item.clock, timeZone)}`;
  return truncateMrkdwn(text, LIMITS.sectionText);
}

function alertLeadBlocks(item: AlertLead, input: AssignmentAlertInput): slack.KnownBlock[] {
  return [
    {
      type: 'section',
      block_id: `nudge.lead_info.${item.lead.Id}`,
      text: { type: 'mrkdwn', text: alertLeadText(item, input.instanceUrl, input.timeZone) },
    },
    leadActions(item.lead, input.alertId, input.instanceUrl, input.policy, input.offers),
  ];
}

/** The alert DM: at most MAX_ALERT_LEADS leads, the rest as "and N more". */
export function buildAssignmentAlert(input: AssignmentAlertInput): SlackMessage {
  const { shown, moreCount } = selectAlertLeads(input.leads);
  const count = input.leads.length;
  const title =
    count === 0
      ? 'Leads assigned to you'
      : count === 1
        ? 'New lead assigned to you'
        : `${count} new leads assigned to you`;
  const intro =
    count === 0
      ? 'Nothing from this alert is waiting on you any more.'
      : `Reach ${count === 1 ? 'it' : 'them'} before the deadline. Times are in your time zone (${escapeAndTruncate(input.timeZone, 60)}).`;
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plain(title, LIMITS.headerText) },
    { type: 'section', text: { type: 'mrkdwn', text: intro } },
    ...shown.flatMap((item) => alertLeadBlocks(item, input)),
  ];
  if (moreCount > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${plural(moreCount, 'more lead')} — see App Home` }],
    });
  }
  const names = shown.map((item) => item.lead.Name || 'Unnamed lead').join(', ');
  return { text: `bullpen: ${title.toLowerCase()}: ${names}`.slice(0, 3000), blocks };
}

/** What the alert says once every lead in it has been acted on. */
export const allHandledText = (count: number): string =>
  `bullpen: all ${plural(count, 'lead')} in this alert handled`;
