import type { types as slack } from '@slack/bolt';
import { escapeAndTruncate, truncate } from '../../../platform/slack/text.ts';
import type { ClockedLead } from '../domain/digest.ts';
import { formatHours } from '../domain/text.ts';
import { LIMITS, leadUrl, NUDGE_ACTIONS, plain, type SlackMessage } from './blocks.ts';
import { linesSection, personLabel, type Names } from './report-blocks.ts';

/**
 * The manager's escalation digest and the list its per-rep buttons open. A team can have dozens of
 * badly overdue leads (76 were seen in one DM): the digest groups them by rep with a count, shows
 * each rep's few most overdue leads, and gives each rep a button that opens all of that rep's
 * urgent leads in a modal, so the message stays short and within Block Kit's limits.
 */

/** Leads shown per rep in the digest; the rest are behind the rep's button. */
export const TOP_LEADS_PER_REP = 3;

/** Blocks around the rep sections: header, summary, "…and N more reps" context, footer context. */
const ESCALATION_FIXED_BLOCKS = 4;
const MAX_REP_SECTIONS = LIMITS.blocksPerMessage - ESCALATION_FIXED_BLOCKS;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function leadLine({ lead, clock }: ClockedLead, instanceUrl: string): string {
  const company = lead.Company ? ` (${escapeAndTruncate(lead.Company, 60)})` : '';
  const label = escapeAndTruncate(lead.Name || 'Unnamed lead', 80);
  const when =
    clock.state === 'overdue'
      ? `overdue by ${formatHours(clock.overdueByBusinessHours)}`
      : `due in ${formatHours(clock.dueInBusinessHours)}`;
  return `• <${leadUrl(instanceUrl, lead.Id)}|${label}>${company} — ${when} (SLA ${formatHours(clock.slaHours)})`;
}

/** Leads grouped by owner, the owner with the most first (then by Id, for a stable order). */
function byOwner(leads: readonly ClockedLead[]): Array<[string, ClockedLead[]]> {
  const groups = new Map<string, ClockedLead[]>();
  for (const item of leads) groups.set(item.lead.OwnerId, [...(groups.get(item.lead.OwnerId) ?? []), item]);
  return [...groups.entries()].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
}

/** One rep: "@rep · N overdue", their most overdue few, "…and N more", and the "Open list" button. */
function repSection(ownerId: string, items: readonly ClockedLead[], input: EscalationDigestInput) {
  const { instanceUrl, names = {} } = input;
  const lines = items.slice(0, TOP_LEADS_PER_REP).map((item) => leadLine(item, instanceUrl));
  const more = items.length - lines.length;
  const heading = `${personLabel(ownerId, names)} · ${items.length} overdue`;
  const section = linesSection(heading, more > 0 ? [...lines, `…and ${more} more`] : lines);
  return {
    ...section,
    block_id: `nudge.rep.${ownerId}`,
    accessory: {
      type: 'button',
      text: plain(`Open list (${items.length})`, LIMITS.buttonText),
      action_id: NUDGE_ACTIONS.openRepLeads,
      value: ownerId,
    },
  } satisfies slack.SectionBlock;
}

export interface EscalationDigestInput {
  leads: readonly ClockedLead[];
  instanceUrl: string;
  names?: Names;
}

/** The manager's escalation digest: badly overdue leads of their reports, grouped by rep. */
export function buildManagerEscalation(input: EscalationDigestInput): SlackMessage {
  const { leads } = input;
  const reps = byOwner(leads);
  const summary = `${leads.length} lead${leads.length === 1 ? ' is' : 's are'} badly overdue on your team.`;
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plain(':rotating_light: Leads needing your help', LIMITS.headerText) },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${summary} ${plural(reps.length, 'rep')}; each lead is overdue by more than its escalation threshold. Their most overdue leads are below; *Open list* shows all of a rep's.`,
      },
    },
    ...reps.slice(0, MAX_REP_SECTIONS).map(([ownerId, items]) => repSection(ownerId, items, input)),
  ];
  if (reps.length > MAX_REP_SECTIONS) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${reps.length - MAX_REP_SECTIONS} more reps — see App Home` }],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Overdue times are business hours.' }] });
  return { text: `bullpen escalation: ${summary}`, blocks };
}

/** Sections of whole lines, each within the section limit, at most `maxSections`, then "…and N more". */
function packedSections(lines: readonly string[], maxSections: number): slack.KnownBlock[] {
  const limit = LIMITS.sectionText - 100;
  const chunks: string[][] = [[]];
  let size = 0;
  for (const line of lines) {
    const current = chunks[chunks.length - 1] ?? [];
    if (current.length > 0 && size + line.length + 1 > limit) {
      chunks.push([line]);
      size = line.length;
    } else {
      current.push(line);
      size += line.length + 1;
    }
  }
  const kept = chunks.slice(0, maxSections);
  const shown = kept.reduce((n, chunk) => n + chunk.length, 0);
  const blocks: slack.KnownBlock[] = kept.map((chunk) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: chunk.join('\n') },
  }));
  if (shown < lines.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${lines.length - shown} more — see Salesforce` }],
    });
  }
  return blocks;
}

export interface RepLeadsModalInput {
  repName: string;
  /** The rep's overdue and due-soon leads, most urgent first. */
  leads: readonly ClockedLead[];
  instanceUrl: string;
}

/** What a rep's "Open list" button opens: every urgent lead of theirs, most overdue first. */
export function buildRepLeadsModal({ repName, leads, instanceUrl }: RepLeadsModalInput): slack.ModalView {
  const overdue = leads.filter((c) => c.clock.state === 'overdue').length;
  const name = escapeAndTruncate(repName, 80);
  const summary =
    leads.length === 0
      ? `*${name}* has no overdue or due-soon leads now. :tada:`
      : `*${name}* · ${overdue} overdue, ${leads.length - overdue} due soon`;
  const maxSections = LIMITS.blocksPerView - 3;
  return {
    type: 'modal',
    title: plain(truncate(`${repName}'s leads`, LIMITS.viewTitle), LIMITS.viewTitle),
    close: plain('Close', LIMITS.viewTitle),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: summary } },
      ...packedSections(
        leads.map((item) => leadLine(item, instanceUrl)),
        maxSections,
      ),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Times are business hours.' }] },
    ],
  };
}
