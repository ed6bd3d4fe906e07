import type { types } from '@slack/bolt';
import { EXAMPLES } from '../domain/command-parser.ts';
import {
  describeScope,
  escapeMrkdwn,
  formatPoints,
  rankBadge,
  slackDate,
  timeLeft,
  truncate,
  userMention,
} from './format.ts';
import { METRIC_LABELS, METRICS, scoringEnd, type Contest } from '../domain/model.ts';
import { visibleStandings, type DriftReport, type RankedRow, type TeamRow } from '../domain/ranking.ts';
import type { ContestJobKind } from '../domain/reminders.ts';
import type { LedgerEntry, LedgerRule } from '../domain/scoring.ts';
import { CONTEST_TEMPLATES } from '../domain/templates.ts';

export * from './modal.ts';

type KnownBlock = types.KnownBlock;

/**
 * Contest messages as plain Block Kit JSON with a notification fallback `text`. All user-typed text
 * (names, prizes, lead names) is escaped; Slack ids are rendered as mentions. Builders stay within
 * Block Kit limits (DESIGN.md section 7) whatever the number of participants.
 */

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3_000;
const MAX_HEADER_TEXT = 150;

export interface ContestMessage {
  /** Notification fallback; chat.postMessage parses it as mrkdwn, so it is escaped too. */
  text: string;
  blocks: KnownBlock[];
}

export interface BoardOptions {
  now: Date;
  /** The person the board is rendered for; their row is highlighted. */
  viewerId?: string;
  /**
   * Display names by Slack id. Given, rows show names instead of @mentions, so a board post does
   * not notify every participant; missing ids fall back to a mention.
   */
  names?: ReadonlyMap<string, string>;
}

/** Header text is plain_text, which Slack does not parse for mentions, so it is not escaped. */
const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, MAX_HEADER_TEXT), emoji: true },
});
const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) },
});
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) }],
});
const divider: KnownBlock = { type: 'divider' };

/** Pack lines into as few sections as fit in 3,000 characters each. */
export function linesToSections(
  lines: readonly string[],
  maxSections: number,
): { blocks: KnownBlock[]; shown: number } {
  const blocks: KnownBlock[] = [];
  let current = '';
  let shown = 0;
  for (const line of lines) {
    const safeLine = truncate(line, MAX_SECTION_TEXT);
    const candidate = current === '' ? safeLine : `${current}\n${safeLine}`;
    if (candidate.length <= MAX_SECTION_TEXT) {
      current = candidate;
      shown++;
      continue;
    }
    if (blocks.length + 1 >= maxSections) break;
    blocks.push(section(current));
    current = safeLine;
    shown++;
  }
  if (current !== '') blocks.push(section(current));
  return { blocks, shown };
}

const contestTitle = (contest: Contest): string => `🏁 ${contest.name}`;

function personLabel(repId: string, options: BoardOptions): string {
  const name = options.names?.get(repId);
  return name === undefined ? userMention(repId) : escapeMrkdwn(name);
}

function rowLine(contest: Contest, row: RankedRow, options: BoardOptions): string {
  const line = `${rankBadge(row.rank, row.points)} ${personLabel(row.repId, options)} · ${formatPoints(contest, row.points)}`;
  return row.repId === options.viewerId ? `*${line}*  ← you` : line;
}

function standingsBlocks(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { publicTopN?: number },
  budget: number,
): KnownBlock[] {
  const view = visibleStandings(rows, { viewerId: options.viewerId, publicTopN: options.publicTopN });
  const lines = view.top.map((row) => rowLine(contest, row, options));
  if (view.aroundViewer.length > 0)
    lines.push('…', ...view.aroundViewer.map((row) => rowLine(contest, row, options)));
  if (lines.length === 0) return [section('_No participants yet._')];
  const packed = linesToSections(lines, budget - 1);
  const separatorShown = view.aroundViewer.length > 0 && packed.shown > view.top.length;
  const notShown = rows.length - (packed.shown - (separatorShown ? 1 : 0));
  if (notShown > 0)
    packed.blocks.push(context(`…and ${notShown} more. \`/leaderboard\` shows your own rank.`));
  return packed.blocks;
}

function rulesLine(contest: Contest): string {
  const parts = [
    `*Scores:* ${METRIC_LABELS[contest.metric]}${contest.wonBy === 'amount' ? ' (amount)' : ''}`,
  ];
  parts.push(`*Counts:* ${describeScope(contest.scope)}`);
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
    const teamLines = options.teams.map(
      (team) =>
        `${rankBadge(team.rank, team.points)} *${escapeMrkdwn(team.name)}* · ${formatPoints(contest, team.points)}`,
    );
    blocks.push(...linesToSections(teamLines, 3).blocks, divider);
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

export function reminderMessage(
  contest: Contest,
  kind: ContestJobKind,
  rows: readonly RankedRow[],
  options: BoardOptions,
): ContestMessage {
  const topThree = rows.slice(0, 3).map((row) => rowLine(contest, row, options));
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(contest.name)}*: ${REMINDER_TEXT[kind]} ${timeLeft(scoringEnd(contest), options.now)}.`,
    ),
  ];
  if (topThree.length > 0) blocks.push(section(topThree.join('\n')));
  blocks.push(context('Every follow-up counts. `/leaderboard` shows your rank.'));
  return { text: `${escapeMrkdwn(contest.name)}: ${REMINDER_TEXT[kind]}`, blocks };
}

export function finalResultsMessage(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { teams?: readonly TeamRow[]; drift?: DriftReport; shoutOut?: string },
): ContestMessage {
  const winners = rows.filter((row) => row.rank === 1 && row.points > 0);
  const winnerText =
    winners.length === 0
      ? 'Nobody scored this time.'
      : `${winners.length > 1 ? 'Winners (tied)' : 'Winner'}: ${winners.map((row) => userMention(row.repId)).join(', ')} with ${formatPoints(contest, winners[0]?.points ?? 0)} 🎉`;
  const blocks: KnownBlock[] = [header(`🏁 Final results: ${contest.name}`), section(winnerText)];
  if (contest.prize) blocks.push(section(`*Prize:* ${escapeMrkdwn(contest.prize)}`));
  if (options.shoutOut) blocks.push(section(`📣 ${escapeMrkdwn(options.shoutOut)}`));
  if (options.teams && options.teams.length > 0) {
    const teamLines = options.teams.map(
      (team) =>
        `${rankBadge(team.rank, team.points)} *${escapeMrkdwn(team.name)}* · ${formatPoints(contest, team.points)}`,
    );
    blocks.push(...linesToSections(teamLines, 3).blocks);
  }
  blocks.push(divider);
  const footer = context(
    options.drift?.hasDrift
      ? `Recounted from Salesforce before posting: ${options.drift.changes.length} score(s) corrected.`
      : 'Recounted from Salesforce before posting.',
  );
  const budget = MAX_MESSAGE_BLOCKS - blocks.length - 1;
  // Everyone's number, not only the top N: the contest is over and effort deserves a mention.
  blocks.push(...standingsBlocks(contest, rows, { ...options, viewerId: undefined }, budget), footer);
  return { text: `Final results for ${escapeMrkdwn(contest.name)}`, blocks };
}

export function finalRankDm(
  contest: Contest,
  row: RankedRow | null,
  participantCount: number,
): ContestMessage {
  const name = escapeMrkdwn(contest.name);
  const text = row
    ? `${rankBadge(row.rank, row.points)} You finished *#${row.rank}* of ${participantCount} in *${name}* with ${formatPoints(contest, row.points)}.${row.rank === 1 && row.points > 0 ? ' Congratulations!' : ' Thanks for every follow-up.'}`
    : `*${name}* is over. You were not on the board this time.`;
  return { text: `${escapeMrkdwn(contest.name)}: final rank`, blocks: [section(text)] };
}

export function leaderboardEphemeral(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { viewerId: string },
): ContestMessage {
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(contest.name)}* · ${timeLeft(scoringEnd(contest), options.now)}`),
    ...standingsBlocks(
      contest,
      rows,
      { ...options, publicTopN: contest.publicTopN ?? 10 },
      MAX_MESSAGE_BLOCKS - 2,
    ),
    context(`\`/contest status ${contest.id}\` · ask "why" to see the records behind your points`),
  ];
  return { text: `Your standing in ${escapeMrkdwn(contest.name)}`, blocks };
}

const RULE_LABELS: Record<LedgerRule, string> = {
  followup: 'Follow-up',
  call: 'Call',
  first_touch_sla: 'First touch within SLA',
  sla_hit: 'Touched within SLA',
  sla_miss: 'SLA missed',
  meeting: 'Meeting',
  conversion: 'Converted',
  opportunity_won: 'Won',
};

export function pointsExplanation(
  contest: Contest,
  entries: readonly LedgerEntry[],
  options: { recordUrl: (recordId: string) => string; leadNames?: ReadonlyMap<string, string> },
): ContestMessage {
  const lines = entries.map((entry) => {
    const target = entry.leadId ?? entry.recordId;
    const label = escapeMrkdwn(truncate(options.leadNames?.get(target) ?? target, 80)).replaceAll('|', '¦');
    const url = options.recordUrl(entry.recordId).replace(/[<>|\s]/g, encodeURIComponent);
    return `• ${RULE_LABELS[entry.rule]}: <${url}|${label}> · ${slackDate(entry.at)} · +${entry.points}`;
  });
  const total = entries.reduce((sum, entry) => sum + entry.points, 0);
  const blocks: KnownBlock[] = [section(`*Your points in ${escapeMrkdwn(contest.name)}* (${total})`)];
  if (lines.length === 0)
    blocks.push(section('_Nothing has scored yet. Log a call or email on a lead in scope._'));
  const packed = linesToSections(lines, MAX_MESSAGE_BLOCKS - 3);
  blocks.push(...packed.blocks);
  if (packed.shown < lines.length) blocks.push(context(`…and ${lines.length - packed.shown} older entries.`));
  return { text: `Your points in ${escapeMrkdwn(contest.name)}`, blocks };
}

export function commandErrorMessage(error: string, example: string, sent?: string): ContestMessage {
  return {
    text: `That didn't work: ${escapeMrkdwn(error)}`,
    blocks: [
      section(`:warning: ${escapeMrkdwn(error)}`),
      context(`Try: \`${escapeMrkdwn(example)}\``),
      ...(sent ? [context(sent)] : []),
    ],
  };
}

export function contestListMessage(contests: readonly Contest[], now: Date): ContestMessage {
  const lines = contests.map(
    (contest) =>
      `• \`${contest.id}\` *${escapeMrkdwn(contest.name)}* · ${contest.status} · ${
        contest.status === 'scheduled'
          ? `starts ${slackDate(contest.window.start)}`
          : timeLeft(scoringEnd(contest), now)
      }`,
  );
  const blocks =
    lines.length === 0
      ? [section('No contests yet. `/contest` launches one.')]
      : linesToSections(lines, MAX_MESSAGE_BLOCKS).blocks;
  return { text: 'Contests', blocks };
}

export function contestHelpMessage(): ContestMessage {
  const commands = [
    '`/contest` opens the form to launch a contest.',
    `\`${EXAMPLES.start}\``,
    'Options: `metric:` `for:` (1h–30d) `start:2026-12-01T09:00` `in:#channel` `with:@people` or `with:@group` `teams:@group1,@group2` `scope:all|source=A,B|campaign=701…` `prize:"…"` `top:10` `template:` `updates:live|daily|both`',
    '`/contest list` · `/contest status [id]` · `/contest end <id>` · `/contest cancel <id>` · `/contest extend <id> 2d` · `/contest recompute <id>`',
    `\`${EXAMPLES.preview}\` shows what the board would have looked like.`,
  ];
  const metrics = `*Metrics:* ${METRICS.join(', ')}, won_amount`;
  const templates = `*Templates:* ${CONTEST_TEMPLATES.map((t) => `\`${t.id}\` ${t.label}`).join(' · ')}`;
  return {
    text: 'How /contest works',
    blocks: [header('Follow-up contests'), section(commands.join('\n')), section(`${metrics}\n${templates}`)],
  };
}
