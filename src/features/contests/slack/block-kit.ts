import type { types } from '@slack/bolt';
import type { Contest } from '../domain/model.ts';
import { visibleStandings, type RankedRow, type TeamRow } from '../domain/ranking.ts';
import {
  escapeMrkdwn,
  formatPoints,
  rankBadge,
  rowBadge,
  scoreText,
  truncate,
  userMention,
} from './format.ts';

/**
 * The pieces every contest message is built from: blocks that stay within Block Kit's limits
 * (DESIGN.md section 7) and standings rows, with names instead of mentions when known.
 */

export type KnownBlock = types.KnownBlock;

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3_000;
export const MAX_HEADER_TEXT = 150;

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
export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, MAX_HEADER_TEXT), emoji: true },
});
export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) },
});
export const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) }],
});
export const divider: KnownBlock = { type: 'divider' };

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

function personLabel(repId: string, options: BoardOptions): string {
  const name = options.names?.get(repId);
  return name === undefined ? userMention(repId) : escapeMrkdwn(name);
}

export function rowLine(contest: Contest, row: RankedRow, options: BoardOptions): string {
  const line = `${rowBadge(row)} ${personLabel(row.repId, options)} · ${scoreText(contest, row)}`;
  return row.repId === options.viewerId ? `*${line}*  ← you` : line;
}

/** Before anyone scores, everyone is "tied first with 0": list who plays, unranked, instead. */
function unscoredLine(row: RankedRow, options: BoardOptions): string {
  const line = `• ${personLabel(row.repId, options)}`;
  return row.repId === options.viewerId ? `*${line}*  ← you` : line;
}

export function standingsBlocks(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { publicTopN?: number },
  budget: number,
): KnownBlock[] {
  const view = visibleStandings(rows, { viewerId: options.viewerId, publicTopN: options.publicTopN });
  const nobodyScored = rows.every((row) => row.points === 0);
  const line = (row: RankedRow) =>
    nobodyScored ? unscoredLine(row, options) : rowLine(contest, row, options);
  const intro =
    nobodyScored && rows.length > 0 ? ['_No points yet: the first to score takes the lead._'] : [];
  const lines = [...intro, ...view.top.map(line)];
  if (view.aroundViewer.length > 0) lines.push('…', ...view.aroundViewer.map(line));
  if (lines.length === 0) return [section('_No participants yet._')];
  const packed = linesToSections(lines, budget - 1);
  const separatorShown = view.aroundViewer.length > 0 && packed.shown > intro.length + view.top.length;
  const notShown = rows.length - (packed.shown - intro.length - (separatorShown ? 1 : 0));
  if (notShown > 0)
    packed.blocks.push(context(`…and ${notShown} more. \`/leaderboard\` shows your own rank.`));
  return packed.blocks;
}

/** Team totals, ranked, in at most three sections. */
export function teamBlocks(contest: Contest, teams: readonly TeamRow[]): KnownBlock[] {
  const teamLines = teams.map(
    (team) =>
      `${rankBadge(team.rank, team.points)} *${escapeMrkdwn(team.name)}* · ${formatPoints(contest, team.points)}`,
  );
  return linesToSections(teamLines, 3).blocks;
}

/**
 * A post in the contest's channel lists only the top N who scored: a zero next to someone's name
 * in front of their team shames rather than motivates, and `top:N` is the manager's promise of
 * how much is public. Everyone's own rank still reaches them privately (DM, `/leaderboard`).
 */
export function publicStandingsBlocks(
  contest: Contest,
  rows: readonly RankedRow[],
  options: BoardOptions & { publicTopN: number },
  budget: number,
): KnownBlock[] {
  const scorers = rows.filter((row) => row.points > 0);
  if (scorers.length === 0) return [section('_No points yet._')];
  const shownRows = scorers.slice(0, options.publicTopN);
  const packed = linesToSections(
    shownRows.map((row) => rowLine(contest, row, { ...options, viewerId: undefined })),
    budget - 1,
  );
  if (packed.shown < rows.length)
    packed.blocks.push(context(`Top ${packed.shown} shown; ${rows.length} took part.`));
  return packed.blocks;
}
