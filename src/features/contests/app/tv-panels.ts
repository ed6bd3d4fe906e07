import type { TeamScope, TvBoard, TvPanel } from '../../../shared/tv/panel.ts';
import { participantIds, scoringEnd, type Contest } from '../domain/model.ts';
import { scoreText, timeLeft } from '../slack/format.ts';
import type { ContestEngine } from './engine.ts';

/**
 * The TV board's live contests: those the team's manager runs or the team plays in, each with its
 * public board (top N as the contest posts it, never a zero score). Redis only.
 */

const MAX_BOARDS = 4;

const concernsTeam = (contest: Contest, scope: TeamScope): boolean =>
  contest.createdBy === scope.managerSlackId ||
  scope.memberSlackIds.some((id) => participantIds(contest).has(id));

async function boardOf(engine: ContestEngine, contest: Contest, now: Date): Promise<TvBoard> {
  const topN = contest.publicTopN ?? engine.deps.config.policy.contests.leaderboardTopN;
  const rows = (await engine.standings(contest)).filter((row) => row.points > 0).slice(0, topN);
  const names = await engine.names.of(rows.map((row) => row.repId));
  return {
    title: contest.name,
    detail: [timeLeft(scoringEnd(contest), now), contest.prize ? `prize: ${contest.prize}` : '']
      .filter(Boolean)
      .join(' · '),
    rows: rows.map((row) => ({
      rank: row.rank,
      name: names.get(row.repId) ?? 'a teammate',
      score: scoreText(contest, row),
    })),
  };
}

export const contestsTvPanels = (engine: ContestEngine): TvPanel[] => [
  {
    order: 10,
    name: 'contests.live-boards',
    async load(scope) {
      const running = await engine.contests.listByStatus('running');
      const mine = running.filter((contest) => concernsTeam(contest, scope)).slice(0, MAX_BOARDS);
      const boards = await Promise.all(mine.map((contest) => boardOf(engine, contest, scope.now)));
      return { kind: 'boards', title: '🏆 Live contests', boards, empty: 'No contest running.' };
    },
  },
];
