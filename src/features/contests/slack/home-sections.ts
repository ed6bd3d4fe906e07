import type { ContestEngine } from '../app/engine.ts';
import type { HomeSection, HomeViewer } from '../../../shared/home/section.ts';
import { context, header, section } from './block-kit.ts';
import { escapeMrkdwn, rowBadge, scoreText, slackDate, timeLeft } from './format.ts';
import { participantIds, scoringEnd, type Contest } from '../domain/model.ts';

/**
 * App Home: the live contests a person plays in with their rank, for managers the contests they
 * run, and for executives and admins every live contest in the org with who runs it. Reads only
 * Redis (contests and boards).
 */

const MAX_LISTED = 5;

async function myContestLine(engine: ContestEngine, contest: Contest, viewer: HomeViewer): Promise<string> {
  const rows = await engine.standings(contest);
  const mine = rows.find((row) => row.repId === viewer.slackUserId);
  // "#1 of 5 with 0" while everyone is tied at zero reads as a lead nobody has.
  const rank = !mine
    ? 'not on the board yet'
    : mine.points === 0
      ? 'no points yet'
      : `${rowBadge(mine)} you are *#${mine.rank}* of ${rows.length} with ${scoreText(contest, mine)}`;
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

/** Executives and admins oversee every contest in the org; a manager sees the ones they run. */
const seesEveryContest = (viewer: HomeViewer): boolean =>
  viewer.roles.has('executive') || viewer.roles.has('admin');

function managedContestLine(contest: Contest, viewer: HomeViewer): string {
  const when =
    contest.status === 'scheduled'
      ? `starts ${slackDate(contest.window.start)}`
      : `${participantIds(contest).size} playing · ${timeLeft(scoringEnd(contest), viewer.now)}`;
  const whose = !seesEveryContest(viewer)
    ? ''
    : contest.createdBy === viewer.slackUserId
      ? ' · run by you'
      : ` · run by <@${contest.createdBy}>`;
  return `\`${contest.id}\` *${escapeMrkdwn(contest.name)}* · ${when}${whose}`;
}

export const managedContestsSection = (engine: ContestEngine): HomeSection => ({
  order: 31,
  name: 'contests-managed',
  appliesTo: (viewer) => viewer.roles.has('manager') || seesEveryContest(viewer),
  async render(viewer, maxBlocks) {
    const everyone = seesEveryContest(viewer);
    const contests = await engine.contests.list(100);
    const live = contests
      .filter((c) => c.status === 'running' || c.status === 'scheduled')
      .filter((c) => everyone || c.createdBy === viewer.slackUserId)
      .slice(0, MAX_LISTED);
    if (maxBlocks < 2) return [];
    return [
      header(everyone ? '📣 Contests in the org' : '📣 Contests you run'),
      section(
        live.length > 0
          ? live.map((contest) => managedContestLine(contest, viewer)).join('\n')
          : '_None running._ `/contest` launches a follow-up contest.',
      ),
    ];
  },
});

export const contestsHomeSections = (engine: ContestEngine): HomeSection[] => [
  liveContestsSection(engine),
  managedContestsSection(engine),
];
