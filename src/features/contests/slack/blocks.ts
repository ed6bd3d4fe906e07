import {
  context,
  divider,
  header,
  MAX_MESSAGE_BLOCKS,
  publicStandingsBlocks,
  section,
  standingsBlocks,
  teamBlocks,
  type BoardOptions,
  type ContestMessage,
  type KnownBlock,
} from './block-kit.ts';
import {
  describeScope,
  escapeMrkdwn,
  formatPoints,
  rowBadge,
  scoreText,
  slackDate,
  timeLeft,
  userMention,
} from './format.ts';
import { METRIC_LABELS, scoringEnd, type Contest } from '../domain/model.ts';
import { isWinner, type DriftReport, type RankedRow, type TeamRow } from '../domain/ranking.ts';
import type { ContestJobKind } from '../domain/reminders.ts';

export * from './block-kit.ts';
export * from './command-replies.ts';
export * from './modal.ts';

/**
 * Contest messages posted to channels and DMs, as plain Block Kit JSON with a notification fallback
 * `text`. All user-typed text (names, prizes, lead names) is escaped; Slack ids are rendered as
 * mentions. Builders stay within Block Kit limits whatever the number of participants.
 */

const contestTitle = (contest: Contest): string => `🏁 ${contest.name}`;

function rulesLine(contest: Contest): string {
  const parts = [
    `*Scores:* ${METRIC_LABELS[contest.metric]}${contest.wonBy === 'amount' ? ' (amount)' : ''}`,
  ];
  parts.push(`*Counts:* ${describeScope(contest.scope)}`);
  if (contest.goal !== undefined) parts.push(`*Goal:* ${formatPoints(contest, contest.goal)} per rep`);
  if (contest.metric === 'followups' || contest.metric === 'calls' || contest.metric === 'meetings') {
    parts.push('One point per lead per day; backdated or deleted activity does not count.');
  }
  return parts.join('\n');
}

export function kickoffMessage(contest: Contest, options: BoardOptions): ContestMessage {
  const blocks: KnownBlock[] = [
    header(contestTitle(contest)),
    section(
      [
        rulesLine(contest),
        `*When:* ${slackDate(contest.window.start)} → ${slackDate(contest.window.end)} (${timeLeft(contest.window.end, options.now)})`,
        contest.prize ? `*Prize:* ${escapeMrkdwn(contest.prize)}` : null,
      ]
        .filter((line) => line !== null)
        .join('\n'),
    ),
    context(`Started by ${userMention(contest.createdBy)} · \`/leaderboard\` shows your rank any time`),
  ];
  return { text: `Contest ${escapeMrkdwn(contest.name)} is on`, blocks };
}

export function leaderboardMessage(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { teams?: readonly TeamRow[] },
): ContestMessage {
  const end = scoringEnd(contest);
  const blocks: KnownBlock[] = [
    header(`🏆 ${contest.name}`),
    context(`${timeLeft(end, options.now)} · ${METRIC_LABELS[contest.metric]}`),
  ];
  if (options.teams && options.teams.length > 0) {
    blocks.push(...teamBlocks(contest, options.teams), divider);
  }
  const budget = MAX_MESSAGE_BLOCKS - blocks.length - 1;
  blocks.push(...standingsBlocks(contest, rows, { ...options, publicTopN: contest.publicTopN }, budget));
  blocks.push(context(`Updated ${slackDate(options.now, '{time}')}`));
  return { text: `Leaderboard for ${escapeMrkdwn(contest.name)}`, blocks };
}

const REMINDER_TEXT: Record<ContestJobKind, string> = {
  start: 'The contest starts now.',
  end: 'The contest is over; final results are coming.',
  halfway: 'Half-way there.',
  '24h-left': 'One day left.',
  '1h-left': 'Last hour!',
  'daily-standings': "This morning's standings.",
};

/** Public posts show the contest's `top:N`, else the policy's default (resolved by the caller). */
type PublicPostOptions = BoardOptions & { publicTopN: number };

export function reminderMessage(
  contest: Contest,
  kind: ContestJobKind,
  rows: readonly RankedRow[],
  options: PublicPostOptions,
): ContestMessage {
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(contest.name)}*: ${REMINDER_TEXT[kind]} ${timeLeft(scoringEnd(contest), options.now)}.`,
    ),
  ];
  if (rows.length > 0) blocks.push(...publicStandingsBlocks(contest, rows, options, MAX_MESSAGE_BLOCKS - 2));
  blocks.push(context('Every follow-up counts. `/leaderboard` shows your rank.'));
  return { text: `${escapeMrkdwn(contest.name)}: ${REMINDER_TEXT[kind]}`, blocks };
}

export function finalResultsMessage(
  contest: Contest,
  rows: readonly RankedRow[],
  options: PublicPostOptions & { teams?: readonly TeamRow[]; drift?: DriftReport; shoutOut?: string },
): ContestMessage {
  const winners = rows.filter(isWinner);
  const first = winners[0];
  const winnerText = !first
    ? rows.some((row) => row.points > 0)
      ? 'Nobody reached the minimum of due leads to win this time.'
      : 'Nobody scored this time.'
    : `${winners.length > 1 ? 'Winners (tied)' : 'Winner'}: ${winners.map((row) => userMention(row.repId)).join(', ')} with ${scoreText(contest, first)} 🎉`;
  const blocks: KnownBlock[] = [header(`🏁 Final results: ${contest.name}`), section(winnerText)];
  if (contest.prize) blocks.push(section(`*Prize:* ${escapeMrkdwn(contest.prize)}`));
  if (options.shoutOut) blocks.push(section(`📣 ${escapeMrkdwn(options.shoutOut)}`));
  if (options.teams && options.teams.length > 0) {
    blocks.push(...teamBlocks(contest, options.teams));
  }
  blocks.push(divider);
  const footer = context(
    options.drift?.hasDrift
      ? `Recounted from Salesforce before posting: ${options.drift.changes.length} score(s) corrected.`
      : 'Recounted from Salesforce before posting.',
  );
  const budget = MAX_MESSAGE_BLOCKS - blocks.length - 1;
  blocks.push(...publicStandingsBlocks(contest, rows, options, budget), footer);
  return { text: `Final results for ${escapeMrkdwn(contest.name)}`, blocks };
}

export function finalRankDm(
  contest: Contest,
  row: RankedRow | null,
  participantCount: number,
): ContestMessage {
  const name = escapeMrkdwn(contest.name);
  const text = row
    ? `${rowBadge(row)} You finished *#${row.rank}* of ${participantCount} in *${name}* with ${scoreText(contest, row)}.${isWinner(row) ? ' Congratulations!' : ' Thanks for every follow-up.'}`
    : `*${name}* is over. You were not on the board this time.`;
  return { text: `${escapeMrkdwn(contest.name)}: final rank`, blocks: [section(text)] };
}

export function leaderboardEphemeral(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { viewerId: string; maxBlocks?: number },
): ContestMessage {
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(contest.name)}* · ${timeLeft(scoringEnd(contest), options.now)}`),
    ...standingsBlocks(
      contest,
      rows,
      { ...options, publicTopN: contest.publicTopN ?? 10 },
      (options.maxBlocks ?? MAX_MESSAGE_BLOCKS) - 2,
    ),
    context(`\`/contest status ${contest.id}\` · ask "why" to see the records behind your points`),
  ];
  return { text: `Your standing in ${escapeMrkdwn(contest.name)}`, blocks };
}
