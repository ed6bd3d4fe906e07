import { METRIC_LABELS, type Contest } from '../domain/model.ts';
import type { StickReport, StickRow } from '../domain/stick-report.ts';
import { context, header, section, type ContestMessage } from './block-kit.ts';
import { describeScope, escapeMrkdwn, formatPoints, slackDate } from './format.ts';

/** The did-it-stick numbers as a message: the channel post's text and the on-demand ephemeral. */

const WINDOW_TITLES: Record<StickRow['window']['name'], string> = {
  before: 'Before',
  during: 'During',
  after: 'After',
};

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${Math.round(rate * 100)}%`);
const hours = (value: number | null): string =>
  value === null ? 'n/a' : `${value.toFixed(1).replace(/\.0$/, '')} business h`;

export function metricValueText(contest: Pick<Contest, 'metric' | 'wonBy'>, value: number | null): string {
  if (value === null) return 'n/a';
  if (contest.metric === 'sla_hit_rate') return percent(value);
  return formatPoints(contest, value);
}

function rowLine(contest: Contest, row: StickRow): string {
  const { window } = row;
  const span =
    window.end <= window.start
      ? 'not started yet'
      : `${slackDate(window.start, '{date_short}')} → ${slackDate(window.end, '{date_short} {time}')}`;
  return [
    `*${WINDOW_TITLES[window.name]}* (${span})`,
    `follow-up rate within SLA ${percent(row.followUpRate)} (${row.touchedWithinSla} of ${row.leadsDue} due)`,
    `median time to first touch ${hours(row.medianHoursToFirstTouch)}`,
    `${METRIC_LABELS[contest.metric]}: ${metricValueText(contest, row.metric)}`,
  ].join(' · ');
}

/** Before against after, in points of follow-up rate: the question the report answers. */
export function verdict(report: StickReport): string {
  const [before, , after] = report.rows;
  const [was, now] = [before?.followUpRate ?? null, after?.followUpRate ?? null];
  if (was === null || now === null) {
    return 'Not enough due leads before and after to compare the follow-up rate yet.';
  }
  const change = Math.round((now - was) * 100);
  if (change === 0) return 'The follow-up rate after the contest is where it was before.';
  return `The follow-up rate after the contest is ${Math.abs(change)} points ${change > 0 ? 'above' : 'below'} where it was before.`;
}

export function stickMessage(contest: Contest, report: StickReport): ContestMessage {
  const title = `Did it stick? ${contest.name}`;
  const lines = report.rows.map((row) => rowLine(contest, row));
  const scope = `${describeScope(contest.scope)} · the participants' leads · \`${contest.id}\``;
  const note = report.afterComplete
    ? []
    : [context('The after window is still shorter than the contest; the numbers after are so far.')];
  return {
    text: [`*${escapeMrkdwn(title)}*`, verdict(report), ...lines].join('\n'),
    blocks: [header(title), section(verdict(report)), section(lines.join('\n')), context(scope), ...note],
  };
}
