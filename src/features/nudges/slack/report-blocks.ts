import type { types as slack } from '@slack/bolt';
import type { SyncedObjectName } from '../../../platform/salesforce/records.ts';
import { askForAccess, cannotRead } from '../../../shared/sync/unreadable-objects.ts';
import { LEAD_LEVEL_BASIS } from '../../../shared/sla/lead-level.ts';
import { LIMITS, type SlackMessage } from './blocks.ts';
import {
  emptyStats,
  NO_CAMPAIGN,
  NO_MANAGER,
  NO_SOURCE,
  type FollowUpReport,
  type FollowUpStats,
} from '../../../shared/sla/follow-up-metrics.ts';
import type { MetricChange, ReportChange, StatsChange } from '../domain/trends.ts';
import { escapeAndTruncate, truncate, truncateMrkdwn } from '../../../platform/slack/text.ts';
import { isSlackUserId, mention } from '../../../platform/slack/mentions.ts';
import { formatHours, formatPercent } from '../domain/text.ts';

/**
 * Block Kit for managers and marketing: the weekly follow-up and lead-quality digest and the
 * `/followup` report (the escalation digest is in escalation-blocks.ts). Lists are packed into sections up to Slack's 3,000-character
 * limit and end in "…and N more" rather than being cut mid-line.
 */

const plainText = (text: string): slack.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, LIMITS.headerText),
  emoji: true,
});

const mrkdwnSection = (text: string): slack.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) },
});

/** A section under a mrkdwn heading holding as many whole lines as fit, then "…and N more". */
export function linesSection(
  heading: string,
  lines: readonly string[],
  emptyText = '_Nothing to show._',
): slack.SectionBlock {
  const head = heading;
  if (lines.length === 0) return mrkdwnSection(`${head}\n${emptyText}`);
  const reserve = 40;
  let text = head;
  let shown = 0;
  for (const line of lines) {
    if (text.length + 1 + line.length > LIMITS.sectionText - reserve) break;
    text += `\n${line}`;
    shown += 1;
  }
  if (shown < lines.length) text += `\n…and ${lines.length - shown} more`;
  return mrkdwnSection(text);
}

/** Display names keyed by Salesforce Id (users, campaigns); Slack user ids become mentions. */
export interface Names {
  users?: Record<string, string>;
  slackIds?: Record<string, string>;
  campaigns?: Record<string, string>;
}

export function personLabel(id: string, names: Names): string {
  const slackId = names.slackIds?.[id];
  if (slackId && isSlackUserId(slackId)) return mention(slackId);
  if (id === NO_MANAGER) return '_No manager_';
  return `*${escapeAndTruncate(names.users?.[id] ?? id, 60)}*`;
}

const ARROWS: Record<MetricChange['trend'], string> = { up: '▲', down: '▼', flat: '▶', 'n/a': '' };

/** '▲ 5 pts :large_green_circle:' — the arrow says which way, the dot whether that is good. */
export function trendText(change: MetricChange, format: (delta: number) => string): string {
  if (change.trend === 'n/a' || change.delta === null) return '';
  if (change.trend === 'flat') return ` ${ARROWS.flat} no change`;
  const mood = change.improved === null ? '' : change.improved ? ' :large_green_circle:' : ' :red_circle:';
  return ` ${ARROWS[change.trend]} ${format(Math.abs(change.delta))}${mood}`;
}

const points = (delta: number): string => `${Math.round(delta * 100)} pts`;
const count = (delta: number): string => String(Math.round(delta));

function statsLine(
  label: string,
  stats: FollowUpStats,
  change: StatsChange | undefined,
  withQuality: boolean,
): string {
  const parts = [
    `follow-up ${formatPercent(stats.followUpRate)} of ${stats.leadsDue}${change ? trendText(change.followUpRate, points) : ''}`,
    `median ${stats.medianHoursToFirstTouch === null ? '—' : formatHours(stats.medianHoursToFirstTouch)}${change ? trendText(change.medianHoursToFirstTouch, formatHours) : ''}`,
    `stale ${stats.staleCount}${change ? trendText(change.staleCount, count) : ''}`,
  ];
  if (withQuality && stats.qualityGood + stats.qualityBad > 0) {
    const topBad = Object.entries(stats.badReasons).sort(([, a], [, b]) => b - a)[0];
    const top = topBad ? ` (top: ${escapeAndTruncate(topBad[0], 40)})` : '';
    parts.push(`quality :thumbsup: ${stats.qualityGood} :thumbsdown: ${stats.qualityBad}${top}`);
  }
  return `• ${label} — ${parts.join(' · ')}`;
}

function groupLines(
  stats: Record<string, FollowUpStats>,
  changes: Record<string, StatsChange> | undefined,
  label: (key: string) => string,
  withQuality: boolean,
): string[] {
  return Object.entries(stats)
    .sort(
      ([ka, a], [kb, b]) => b.leadsDue - a.leadsDue || b.staleCount - a.staleCount || ka.localeCompare(kb),
    )
    .map(([key, s]) => statsLine(label(key), s, changes?.[key], withQuality));
}

function headlineFields(stats: FollowUpStats, change: StatsChange | undefined): slack.SectionBlock {
  const t = (c: MetricChange | undefined, f: (d: number) => string) => (c ? trendText(c, f) : '');
  const median = stats.medianHoursToFirstTouch === null ? '—' : formatHours(stats.medianHoursToFirstTouch);
  return {
    type: 'section',
    fields: [
      {
        type: 'mrkdwn',
        text: `*Follow-up rate*\n${formatPercent(stats.followUpRate)} of ${stats.leadsDue} leads due${t(change?.followUpRate, points)}`,
      },
      {
        type: 'mrkdwn',
        text: `*Median time to first touch*\n${median}${t(change?.medianHoursToFirstTouch, formatHours)}`,
      },
      { type: 'mrkdwn', text: `*Stale leads now*\n${stats.staleCount}${t(change?.staleCount, count)}` },
      {
        type: 'mrkdwn',
        text: `*Lead quality feedback*\n:thumbsup: ${stats.qualityGood}${t(change?.qualityGood, count)}  :thumbsdown: ${stats.qualityBad}${t(change?.qualityBad, count)}`,
      },
    ],
  };
}

/** Objects a report reads beyond Lead, Task and User; each one's absence is said, not hidden. */
export const REPORT_OPTIONAL_OBJECTS: readonly SyncedObjectName[] = ['Event', 'Campaign', 'CampaignMember'];

const accessAdvice = (objects: readonly SyncedObjectName[]): string =>
  `${cannotRead(objects)}; ${askForAccess(objects)}.`;

/** A note under the numbers when meetings, which count as touches, could not be read. */
function meetingsNote(unreadable: readonly SyncedObjectName[]): slack.ContextBlock[] {
  if (!unreadable.includes('Event')) return [];
  const text = `_Meetings are not counted as touches: ${accessAdvice(['Event'])}_`;
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }];
}

/** Without campaigns or their members every lead would fall under "No campaign": say why instead. */
function campaignSection(lines: readonly string[], unreadable: readonly SyncedObjectName[]) {
  const missing = unreadable.filter((object) => object === 'Campaign' || object === 'CampaignMember');
  if (missing.length === 0) return linesSection('*By campaign*', lines);
  return mrkdwnSection(`*By campaign*\n_Campaign reporting is off: ${accessAdvice(missing)}_`);
}

const DEFINITIONS =
  'Follow-up rate: leads whose first-touch SLA came due this week that got a call, email, meeting or status ' +
  'change within it. Times are business hours in the owner’s time zone. Stale: open leads overdue now.\n' +
  LEAD_LEVEL_BASIS;

export interface WeeklyDigestInput {
  /** e.g. 'Nov 17 – Nov 23'. */
  weekLabel: string;
  report: FollowUpReport;
  change?: ReportChange;
  names?: Names;
  /** Optional objects the last sync could not read (REPORT_OPTIONAL_OBJECTS). */
  unreadable?: readonly SyncedObjectName[];
}

/** Marketing's weekly digest: follow-up rate and lead-quality feedback by source and campaign. */
export function buildWeeklyMarketingDigest({
  weekLabel,
  report,
  change,
  names = {},
  unreadable = [],
}: WeeklyDigestInput): SlackMessage {
  const sourceLabel = (key: string) =>
    key === NO_SOURCE ? '_No source_' : `*${escapeAndTruncate(key, 60)}*`;
  const campaignLabel = (key: string) =>
    key === NO_CAMPAIGN ? '_No campaign_' : `*${escapeAndTruncate(names.campaigns?.[key] ?? key, 60)}*`;
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plainText(`Weekly follow-up report · ${weekLabel}`) },
    headlineFields(report.overall, change?.overall),
    { type: 'divider' },
    linesSection('*By lead source*', groupLines(report.bySource, change?.bySource, sourceLabel, true)),
    campaignSection(groupLines(report.byCampaign, change?.byCampaign, campaignLabel, true), unreadable),
    ...meetingsNote(unreadable),
    { type: 'context', elements: [{ type: 'mrkdwn', text: DEFINITIONS }] },
  ];
  const rate = formatPercent(report.overall.followUpRate);
  return { text: `Weekly follow-up report (${weekLabel}): follow-up rate ${rate}`, blocks };
}

export interface FollowUpReportInput {
  title: string;
  report: FollowUpReport;
  change?: ReportChange;
  names?: Names;
  /** Which groups to list under the headline; a manager's `/followup` shows reps. */
  groupBy?: 'byRep' | 'byTeam' | 'bySource' | 'byCampaign';
  unreadable?: readonly SyncedObjectName[];
}

const GROUP_TITLES = {
  byRep: 'By rep',
  byTeam: 'By team',
  bySource: 'By lead source',
  byCampaign: 'By campaign',
};

/** The `/followup` answer (ephemeral): headline numbers plus one line per group. */
export function buildFollowUpReport(
  input: FollowUpReportInput,
): SlackMessage & { response_type: 'ephemeral' } {
  const { title, report, change, names = {}, groupBy = 'byRep', unreadable = [] } = input;
  const label = (key: string): string => {
    if (groupBy === 'bySource') return key === NO_SOURCE ? '_No source_' : `*${escapeAndTruncate(key, 60)}*`;
    if (groupBy === 'byCampaign') {
      return key === NO_CAMPAIGN
        ? '_No campaign_'
        : `*${escapeAndTruncate(names.campaigns?.[key] ?? key, 60)}*`;
    }
    return personLabel(key, names);
  };
  const groups = report[groupBy];
  const blocks: slack.KnownBlock[] = [
    { type: 'header', text: plainText(title) },
    headlineFields(report.overall ?? emptyStats(), change?.overall),
    groupBy === 'byCampaign'
      ? campaignSection(groupLines(groups, change?.byCampaign, label, true), unreadable)
      : linesSection(
          `*${GROUP_TITLES[groupBy]}*`,
          groupLines(groups, change?.[groupBy], label, groupBy !== 'byRep'),
        ),
    ...meetingsNote(unreadable),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: DEFINITIONS.replace('this week', 'in the period') }],
    },
  ];
  return {
    response_type: 'ephemeral',
    text: `${truncate(title, 100)}: follow-up rate ${formatPercent(report.overall.followUpRate)}`,
    blocks,
  };
}
