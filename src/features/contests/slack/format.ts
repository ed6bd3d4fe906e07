import { slackDate as slackDateToken } from '../../../platform/slack/dates.ts';
import { mention } from '../../../platform/slack/mentions.ts';
import { mrkdwnEscape as escapeMrkdwn, truncate } from '../../../platform/slack/text.ts';
import { formatDuration } from '../domain/duration.ts';
import { METRIC_UNITS, type Contest, type ContestScope } from '../domain/model.ts';
import type { RankedRow } from '../domain/ranking.ts';

/** Text helpers shared by the contest messages and the modal (escaping comes from src/platform/slack/text.ts). */

export { escapeMrkdwn, truncate };

/** Slack renders this in each reader's own time zone; the fallback is for notifications. */
export function slackDate(at: Date, format = '{date_short_pretty} at {time}'): string {
  return slackDateToken(at, format, `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
}

export const userMention = mention;

/** Business minutes as "45 min" or "3h 05m" (time to accept); 0 is nothing accepted yet. */
export function formatBusinessMinutes(minutes: number): string {
  if (minutes <= 0) return 'nothing accepted yet';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatPoints(contest: Pick<Contest, 'metric' | 'wonBy'>, points: number): string {
  if (contest.metric === 'sla_hit_rate') return `${(points / 100).toFixed(1).replace(/\.0$/, '')}%`;
  if (contest.metric === 'time_to_accept') {
    return points > 0 ? `${formatBusinessMinutes(points)} median (business hours)` : formatBusinessMinutes(0);
  }
  if (contest.metric === 'opportunities_won' && contest.wonBy === 'amount') {
    return `${points.toLocaleString('en-US')} won`;
  }
  const [one, many] = METRIC_UNITS[contest.metric];
  return `${points.toLocaleString('en-US')} ${points === 1 ? one : many}`;
}

/** "49/50 · 98%": the hits and decided leads next to the rate, and how far a rep is from ranking. */
function hitRateText(contest: Pick<Contest, 'metric' | 'wonBy'>, row: ScoredRow): string {
  if (!row.tally) return formatPoints(contest, row.points);
  const { hits, decided } = row.tally;
  const rate =
    decided === 0 ? 'no due leads yet' : `${hits}/${decided} · ${formatPoints(contest, row.points)}`;
  const more = row.needsMore ?? 0;
  return more > 0 ? `${rate} · needs ${more} more due ${more === 1 ? 'lead' : 'leads'} to rank` : rate;
}

type ScoredRow = Pick<RankedRow, 'points' | 'tally' | 'needsMore'>;

/**
 * A participant's score as every board shows it (live board, /leaderboard, Home, reminders, final
 * results): one builder, so no surface tells a different story.
 */
export function scoreText(contest: Pick<Contest, 'metric' | 'wonBy' | 'goal'>, row: ScoredRow): string {
  if (contest.metric === 'sla_hit_rate') return hitRateText(contest, row);
  const points = formatPoints(contest, row.points);
  return contest.goal === undefined
    ? points
    : `${points} · ${percentToGoal(row.points, contest.goal)}% to goal`;
}

/** Whole percent, rounded down: "100% to goal" only once the goal is met. */
export const percentToGoal = (points: number, goal: number): number => Math.floor((100 * points) / goal);

export function timeLeft(end: Date, now: Date): string {
  const ms = end.getTime() - now.getTime();
  return ms <= 0 ? 'ended' : `${formatDuration(ms)} left`;
}

export function describeScope(scope: ContestScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all leads';
    case 'sources':
      return `leads from ${scope.sources.map(escapeMrkdwn).join(', ')}`;
    case 'campaign':
      return `leads in campaign ${escapeMrkdwn(scope.campaignId)}`;
  }
}

export const MEDALS = ['🥇', '🥈', '🥉'] as const;
/** Medals go to people who scored: a board of zeros awards nothing. */
export const rankBadge = (rank: number, points = 1): string =>
  points > 0 ? (MEDALS[rank - 1] ?? `${rank}.`) : `${rank}.`;

/** A row's badge; a hit rate still short of the minimum of decided leads does not rank, so no medal. */
export const rowBadge = (row: Pick<RankedRow, 'rank' | 'points' | 'needsMore'>): string =>
  rankBadge(row.rank, (row.needsMore ?? 0) > 0 ? 0 : row.points);
