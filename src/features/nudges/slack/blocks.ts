import type { types as slack } from '@slack/bolt';
import type { Lead } from '../../../platform/salesforce/records.ts';
import type { ClockedLead, DigestSelection } from '../domain/digest.ts';
import { compareByUrgency } from '../domain/digest.ts';
import type { LeadClock } from '../../../shared/sla/lead-clock.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import { escapeAndTruncate, truncate, truncateMrkdwn } from '../../../platform/slack/text.ts';
import { slackDate } from '../../../platform/slack/dates.ts';
import { formatHours } from '../domain/text.ts';
import { qualifyButton, rowOffersQualify, type RelayRowOffers } from '../../../shared/relay/actions.ts';
import { encodeActionValue } from './action-value.ts';

/**
 * Block Kit for the rep's side of nudges: the digest DM and the `/leads` list (modals are in
 * modals.ts, manager and marketing reports in report-blocks.ts). Pure builders returning plain JSON;
 * the ids below are the contract with the interaction handlers, so they never change once shipped.
 */

export const NUDGE_ACTIONS = {
  logCall: 'nudge.log_call',
  logEmail: 'nudge.log_email',
  snooze: 'nudge.snooze',
  disqualify: 'nudge.disqualify',
  rateQuality: 'nudge.rate_quality',
  openInSalesforce: 'nudge.open_in_salesforce',
  /** A rep's "Open list" on a manager's escalation digest: all their urgent leads in a modal. */
  openRepLeads: 'nudge.open_rep_leads',
} as const;

export const NUDGE_VIEWS = {
  disqualify: 'nudge.disqualify_modal',
  rateQuality: 'nudge.rate_quality_modal',
  logCall: 'nudge.log_call_modal',
} as const;

/** block_id / action_id pairs of modal inputs, for reading `view.state.values`. */
export const NUDGE_INPUTS = {
  disqualifyReason: { blockId: 'disqualify_reason', actionId: 'nudge.disqualify_reason' },
  disqualifyNote: { blockId: 'disqualify_note', actionId: 'nudge.disqualify_note' },
  qualityRating: { blockId: 'quality_rating', actionId: 'nudge.quality_rating' },
  qualityReason: { blockId: 'quality_reason', actionId: 'nudge.quality_reason' },
} as const;

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  headerText: 150,
  viewTitle: 24,
  privateMetadata: 3000,
} as const;

/** Blocks around the per-lead pairs: header, summary, "and N more" context, footer context. */
const DIGEST_FIXED_BLOCKS = 4;
export const MAX_LEADS_PER_MESSAGE = Math.floor((LIMITS.blocksPerMessage - DIGEST_FIXED_BLOCKS) / 2);

export { decodeActionValue, encodeActionValue, type ActionValue } from './action-value.ts';
export const leadUrl = (instanceUrl: string, leadId: string): string =>
  `${instanceUrl.replace(/\/+$/, '')}/lightning/r/Lead/${encodeURIComponent(leadId)}/view`;

/** Salesforce's Leads tab (the user's last list view): where every lead is, however many. */
export const leadsTabUrl = (instanceUrl: string): string =>
  `${instanceUrl.replace(/\/+$/, '')}/lightning/o/Lead/list`;

export const plain = (text: string, max: number): slack.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

export const option = (text: string, value: string): slack.PlainTextOption => ({
  text: plain(text, LIMITS.optionText),
  value: truncate(value, LIMITS.optionValue),
});

/** A mrkdwn link whose label is escaped; the URL is ours (instance URL + validated Id). */
const link = (url: string, label: string): string => `<${url.replace(/[<>|]/g, '')}|${label}>`;

/** A lead its rep snoozed that would otherwise be waiting on them (overdue or due soon). */
const isSnoozedWaiting = (clock: LeadClock): boolean =>
  clock.snoozedUntil !== undefined && (clock.state === 'overdue' || clock.state === 'due-soon');

function clockLine(clock: LeadClock): string {
  const what =
    clock.kind === 'first-touch' ? `first touch (SLA ${formatHours(clock.slaHours)})` : 'follow-up';
  if (clock.snoozedUntil && isSnoozedWaiting(clock)) {
    // The rep chose to wait: say until when. The manager still hears of an escalated lead.
    const until = slackDate(clock.snoozedUntil, '{date_short_pretty}', clock.snoozedUntil.toUTCString());
    const escalated = clock.escalate ? ' · :rotating_light: escalated to manager' : '';
    return `:zzz: *Snoozed until ${until}* · ${what}${escalated}`;
  }
  if (clock.state === 'overdue') {
    const escalated = clock.escalate ? ' · :rotating_light: escalated to manager' : '';
    return `:red_circle: *Overdue by ${formatHours(clock.overdueByBusinessHours)}* · ${what}${escalated}`;
  }
  if (clock.state === 'due-soon')
    return `:large_yellow_circle: *Due in ${formatHours(clock.dueInBusinessHours)}* · ${what}`;
  if (clock.state === 'closed') return ':white_check_mark: Closed';
  return `:white_circle: Due in ${formatHours(clock.dueInBusinessHours)} · ${what}`;
}

export function leadSectionText(lead: Lead, clock: LeadClock, instanceUrl: string): string {
  const name = link(leadUrl(instanceUrl, lead.Id), escapeAndTruncate(lead.Name || 'Unnamed lead', 80));
  const company = lead.Company ? ` · ${escapeAndTruncate(lead.Company, 80)}` : '';
  const source = escapeAndTruncate(lead.LeadSource ?? 'No source', 40);
  return truncateMrkdwn(`*${name}*${company}\n${source} · ${clockLine(clock)}`, LIMITS.sectionText);
}

export function leadActions(
  lead: Lead,
  digestId: string | null,
  instanceUrl: string,
  policy: SlaPolicy,
  offers?: RelayRowOffers,
): slack.ActionsBlock {
  const value = encodeActionValue({ leadId: lead.Id, digestId });
  const button = (text: string, actionId: string, extra: Partial<slack.Button> = {}): slack.Button => ({
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    value,
    ...extra,
  });
  return {
    type: 'actions',
    block_id: `nudge.lead.${lead.Id}`,
    elements: [
      button('Log call', NUDGE_ACTIONS.logCall, { style: 'primary' }),
      button('Log email', NUDGE_ACTIONS.logEmail),
      {
        type: 'static_select',
        action_id: NUDGE_ACTIONS.snooze,
        placeholder: plain('Snooze', LIMITS.optionText),
        options: policy.nudges.snoozeOptions
          .slice(0, 100)
          .map((o) => option(o.label, encodeActionValue({ leadId: lead.Id, digestId, snoozeDays: o.days }))),
      },
      button('Disqualify', NUDGE_ACTIONS.disqualify),
      button('Rate quality', NUDGE_ACTIONS.rateQuality),
      ...(rowOffersQualify(lead, offers, policy.statuses.untouched) ? [qualifyButton(lead.Id)] : []),
      button('Open in Salesforce', NUDGE_ACTIONS.openInSalesforce, { url: leadUrl(instanceUrl, lead.Id) }),
    ],
  };
}

function leadBlocks(
  item: ClockedLead,
  digestId: string | null,
  instanceUrl: string,
  policy: SlaPolicy,
  offers?: RelayRowOffers,
) {
  return [
    {
      type: 'section',
      block_id: `nudge.lead_info.${item.lead.Id}`,
      text: { type: 'mrkdwn', text: leadSectionText(item.lead, item.clock, instanceUrl) },
    } satisfies slack.SectionBlock,
    leadActions(item.lead, digestId, instanceUrl, policy, offers),
  ];
}

export interface SlackMessage {
  /** Notification / screen-reader fallback. */
  text: string;
  blocks: slack.KnownBlock[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Where a message's overflow line sends the reader by default. */
const SEE_APP_HOME = 'see App Home';

function moreContext(moreCount: number, where: string = SEE_APP_HOME): slack.ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `…and ${plural(moreCount, 'more lead')} — ${where}` }],
  };
}

/** Every day, 00:00–24:00 (the demo company's calendar): business hours are wall-clock hours. */
const isRoundTheClock = (calendar: SlaPolicy['calendar']): boolean =>
  calendar.workingDays.length === 7 &&
  calendar.startOfDay === '00:00' &&
  calendar.endOfDay === '24:00' &&
  calendar.holidays.length === 0;

/**
 * What the times mean. A round-the-clock calendar says so, so nobody wonders why a digest arrived
 * at night or on a Sunday (local mode's demo company runs on one).
 */
const footer = (policy: SlaPolicy): slack.ContextBlock => ({
  type: 'context',
  elements: [
    {
      type: 'mrkdwn',
      text: isRoundTheClock(policy.calendar)
        ? 'Working hours are round the clock (every day, 00:00–24:00), so times are wall-clock hours.'
        : 'Times are business hours in your time zone.',
    },
  ],
});

export interface RepDigestInput<T extends ClockedLead> {
  selection: DigestSelection<T>;
  /** The digest's job id; carried in button values so an action can be tied back to its nudge. */
  digestId: string;
  instanceUrl: string;
  policy: SlaPolicy;
  /** The relay's actions on each row (Qualify on raw leads), when it is set up. */
  offers?: RelayRowOffers;
}

/** The rep's digest DM: at most `MAX_LEADS_PER_MESSAGE` leads so the message stays under 50 blocks. */
export function buildRepDigest<T extends ClockedLead>(input: RepDigestInput<T>): SlackMessage {
  const { selection, digestId, instanceUrl, policy, offers } = input;
  const shown = selection.leads.slice(0, MAX_LEADS_PER_MESSAGE);
  const moreCount = selection.moreCount + (selection.leads.length - shown.length);
  const summary = [
    selection.overdueCount > 0 ? `*${plural(selection.overdueCount, 'lead')} overdue*` : '',
    selection.dueSoonCount > 0 ? `${selection.dueSoonCount} due soon` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plain('Leads waiting for you', LIMITS.headerText) },
    { type: 'section', text: { type: 'mrkdwn', text: summary || 'Nothing due right now.' } },
    ...shown.flatMap((item) => leadBlocks(item, digestId, instanceUrl, policy, offers)),
  ];
  if (moreCount > 0) blocks.push(moreContext(moreCount));
  blocks.push(footer(policy));
  const text = `bullpen: ${summary.replace(/\*/g, '') || 'nothing due right now'}`;
  return { text, blocks };
}

export interface LeadsListOptions {
  /** Where the "…and N more" line sends the reader (mrkdwn); by default App Home. */
  moreWhere?: string;
  /** The relay's actions on each row (Qualify on raw leads), when it is set up. */
  offers?: RelayRowOffers;
}

/**
 * With nothing urgent: the list holds only leads waiting on the rep, so "no open leads" would be
 * untrue for a rep whose leads are all on track (and `/leads` lists those below it to rate).
 */
export const NOTHING_DUE = 'Nothing is overdue or due soon. :tada:';

/** The `/leads` answer: the rep's open leads, most urgent first, with the same one-click actions. */
export function buildLeadsList<T extends ClockedLead>(
  items: readonly T[],
  instanceUrl: string,
  policy: SlaPolicy,
  options: LeadsListOptions = {},
): SlackMessage & { response_type: 'ephemeral' } {
  // Snoozed leads come after the ones waiting on the rep now, and are counted apart from them.
  const open = items
    .filter((i) => i.clock.state !== 'closed')
    .sort(
      (a, b) =>
        Number(isSnoozedWaiting(a.clock)) - Number(isSnoozedWaiting(b.clock)) || compareByUrgency(a, b),
    );
  const shown = open.slice(0, MAX_LEADS_PER_MESSAGE);
  const awake = open.filter((i) => !isSnoozedWaiting(i.clock));
  const overdue = awake.filter((i) => i.clock.state === 'overdue').length;
  const dueSoon = awake.filter((i) => i.clock.state === 'due-soon').length;
  const snoozed = open.length - awake.length;
  const summary = `${plural(open.length, 'open lead')}: ${overdue} overdue, ${dueSoon} due soon${snoozed > 0 ? `, ${snoozed} snoozed` : ''}`;
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plain('Your leads', LIMITS.headerText) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: open.length === 0 ? NOTHING_DUE : summary },
    },
    ...shown.flatMap((item) => leadBlocks(item, null, instanceUrl, policy, options.offers)),
  ];
  if (open.length > shown.length) blocks.push(moreContext(open.length - shown.length, options.moreWhere));
  blocks.push(footer(policy));
  return { response_type: 'ephemeral', text: summary, blocks };
}
