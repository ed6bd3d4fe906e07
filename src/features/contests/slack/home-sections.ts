import type { KnownBlock } from '@slack/types';
import type { ContestEngine } from '../app/engine.ts';
import type { HomeSection, HomeViewer } from '../../../shared/home/section.ts';
import { escapeMrkdwn, formatPoints, rankBadge, slackDate, timeLeft } from './format.ts';
import { participantIds, scoringEnd, type Contest } from '../domain/model.ts';

/**
 * App Home: the live contests a person plays in with their rank, and for managers the contests
 * they run. Reads only Redis (contests and boards).
 */

const MAX_LISTED = 5;

const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

async function myContestLine(engine: ContestEngine, contest: Contest, viewer: HomeViewer): Promise<string> {
  const rows = await engine.standings(contest);
  const mine = rows.find((row) => row.repId === viewer.slackUserId);
  // "#1 of 5 with 0" while everyone is tied at zero reads as a lead nobody has.
  const rank = !mine
    ? 'not on the board yet'
    : mine.points === 0
      ? 'no points yet'
      : `${rankBadge(mine.rank, mine.points)} you are *#${mine.rank}* of ${rows.length} with ${formatPoints(contest, mine.points)}`;
  return `*${escapeMrkdwn(contest.name)}* · ${rank} · ${timeLeft(scoringEnd(contest), viewer.now)}`;
}

export const liveContestsSection = (engine: ContestEngine): HomeSection => ({
  order: 30,
  name: 'contests-live',
  appliesTo: () => true,
  async render(viewer, maxBlocks) {
    const running = await engine.contests.listByStatus('running');
    const mine = running
      .filter((contest) => participantIds(contest).has(viewer.slackUserId))
      .slice(0, MAX_LISTED);
    if (mine.length === 0 || maxBlocks < 3) return [];
    const lines = await Promise.all(mine.map((contest) => myContestLine(engine, contest, viewer)));
    return [
      header('🏆 Live contests'),
      section(lines.join('\n')),
      context(
        '`/leaderboard` shows the full board · `/leaderboard why` shows the records behind your points',
      ),
    ];
  },
});

export const managedContestsSection = (engine: ContestEngine): HomeSection => ({
  order: 31,
  name: 'contests-managed',
  appliesTo: (viewer) => viewer.roles.has('manager') || viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    const contests = await engine.contests.list(100);
    const mine = contests
      .filter(
        (c) => c.createdBy === viewer.slackUserId && (c.status === 'running' || c.status === 'scheduled'),
      )
      .slice(0, MAX_LISTED);
    if (maxBlocks < 2) return [];
    const lines = mine.map((contest) =>
      contest.status === 'scheduled'
        ? `\`${contest.id}\` *${escapeMrkdwn(contest.name)}* · starts ${slackDate(contest.window.start)}`
        : `\`${contest.id}\` *${escapeMrkdwn(contest.name)}* · ${participantIds(contest).size} playing · ${timeLeft(scoringEnd(contest), viewer.now)}`,
    );
    return [
      header('📣 Contests you run'),
      section(
        lines.length > 0 ? lines.join('\n') : '_None running._ `/contest` launches a follow-up contest.',
      ),
    ];
  },
});

export const contestsHomeSections = (engine: ContestEngine): HomeSection[] => [
  liveContestsSection(engine),
  managedContestsSection(engine),
];
