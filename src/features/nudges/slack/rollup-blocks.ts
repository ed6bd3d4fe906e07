import type { KnownBlock } from '@slack/types';
import { slackDate } from '../../../platform/slack/dates.ts';
import { truncateMrkdwn } from '../../../platform/slack/text.ts';
import type { FollowUpReport, FollowUpStats } from '../../../shared/sla/follow-up-metrics.ts';
import { formatHours, formatPercent } from '../domain/text.ts';
import type { MetricChange, ReportChange } from '../domain/trends.ts';
import { LIMITS } from './blocks.ts';
import { personLabel, trendText, type Names } from './report-blocks.ts';

/**
 * The executive's org-wide roll-up on App Home: the `/followup` numbers for everyone (follow-up rate
 * within SLA, median time to first touch, leads overdue now, each against the 7 days before), one
 * row per team (manager) for the biggest teams with the rest summed in one line, and a button that
 * DMs the full `/followup` report. Five blocks at most, whatever the size of the org.
 */

export const FOLLOWUP_REPORT_ACTION = 'nudge.followup_report';
/** Rows beyond these are summed into one line: Home is for a glance, `/followup` has them all. */
export const MAX_TEAM_ROWS = 10;

export interface OrgRollup {
  report: FollowUpReport;
  change: ReportChange;
  names: Names;
}

const points = (delta: number): string => `${Math.round(delta * 100)} pts`;
const count = (delta: number): string => String(Math.round(delta));
const hours = (value: number | null): string => (value === null ? '—' : formatHours(value));

/** '60% of 5 leads due (50% the 7 days before) ▲ 10 pts :large_green_circle:' */
function headline(
  title: string,
  now: string,
  change: MetricChange,
  before: (previous: number) => string,
  delta: (d: number) => string,
) {
  const previous = change.previous === null ? '' : ` (${before(change.previous)})`;
  return { type: 'mrkdwn' as const, text: `*${title}*\n${now}${previous}${trendText(change, delta)}` };
}

function headlineFields(overall: FollowUpStats, change: ReportChange['overall']): KnownBlock {
  return {
    type: 'section',
    fields: [
      headline(
        'Follow-up rate within SLA',
        `${formatPercent(overall.followUpRate)} of ${overall.leadsDue} leads due`,
        change.followUpRate,
        (p) => `${formatPercent(p)} the 7 days before`,
        points,
      ),
      headline(
        'Median time to first touch',
        hours(overall.medianHoursToFirstTouch),
        change.medianHoursToFirstTouch,
        (p) => `${hours(p)} the 7 days before`,
        formatHours,
      ),
      headline(
        'Leads overdue now',
        String(overall.staleCount),
        change.staleCount,
        (p) => `${p} a week ago`,
        count,
      ),
    ],
  };
}

const teamNumbers = (stats: Pick<FollowUpStats, 'followUpRate' | 'leadsDue' | 'staleCount'>): string =>
  `${formatPercent(stats.followUpRate)} of ${stats.leadsDue} · ${stats.staleCount} overdue`;

/** The biggest teams first (most leads due, then most overdue), the rest summed in one line. */
export function teamLines(
  byTeam: Record<string, FollowUpStats>,
  names: Names,
  maxRows = MAX_TEAM_ROWS,
): string[] {
  const teams = Object.entries(byTeam).sort(
    ([ka, a], [kb, b]) => b.leadsDue - a.leadsDue || b.staleCount - a.staleCount || ka.localeCompare(kb),
  );
  const lines = teams.slice(0, maxRows).map(([key, s]) => `• ${personLabel(key, names)} — ${teamNumbers(s)}`);
  const rest = teams.slice(maxRows).map(([, s]) => s);
  if (rest.length > 0) {
    const due = rest.reduce((sum, s) => sum + s.leadsDue, 0);
    const within = rest.reduce((sum, s) => sum + s.touchedWithinSla, 0);
    const stale = rest.reduce((sum, s) => sum + s.staleCount, 0);
    const summed = teamNumbers({
      followUpRate: due === 0 ? null : within / due,
      leadsDue: due,
      staleCount: stale,
    });
    lines.push(`…and ${rest.length} more ${rest.length === 1 ? 'team' : 'teams'}: ${summed}`);
  }
  return lines;
}

const ROLLUP_HEADER: KnownBlock = {
  type: 'header',
  text: { type: 'plain_text', text: 'Org-wide follow-up · last 7 days', emoji: true },
};

/** Before the first roll-up is computed: the worker refreshes this Home when it is ready. */
export function orgRollupPending(): KnownBlock[] {
  const text =
    'Working out the org-wide numbers from every lead. This Home updates by itself when they are ready (seconds; longer in a big org).';
  return [ROLLUP_HEADER, { type: 'context', elements: [{ type: 'mrkdwn', text }] }];
}

export function orgRollupBlocks({ report, change, names }: OrgRollup, computedAt: Date): KnownBlock[] {
  const lines = teamLines(report.byTeam, names);
  const teams = lines.length === 0 ? '_No leads came due in the last 7 days._' : lines.join('\n');
  const asOf = slackDate(computedAt, '{date_short_pretty} {time}', computedAt.toISOString());
  return [
    ROLLUP_HEADER,
    headlineFields(report.overall, change.overall),
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(
          `*By team* (manager · follow-up rate within SLA · overdue now)\n${teams}`,
          LIMITS.sectionText,
        ),
      },
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: FOLLOWUP_REPORT_ACTION,
          text: { type: 'plain_text', text: 'Full report by DM', emoji: true },
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `As of ${asOf}, recomputed every few minutes; the numbers of \`/followup\`. Follow-up rate: leads whose first-touch SLA came due that were touched within it.`,
        },
      ],
    },
  ];
}
