import type { KnownBlock } from '@slack/types';
import type { DailyContext, DailySection } from '../../../shared/daily/section.ts';
import { participantIds, scoringEnd, type Contest } from '../domain/model.ts';
import { publicStandingsBlocks, section } from '../slack/blocks.ts';
import { escapeMrkdwn, timeLeft } from '../slack/format.ts';
import type { ContestEngine } from './engine.ts';
import { publicTopN } from './posting.ts';

/**
 * The team's live contests in its daily summary: those posted in the team's channel or with a team
 * member playing, each as its public board (top N who scored, never a zero), at most five rows each
 * so the summary stays a summary.
 */

const MAX_CONTESTS = 3;
const MAX_ROWS = 5;

const concernsTeam = (contest: Contest, context: DailyContext): boolean =>
  contest.status === 'running' &&
  (contest.channelId === context.team.channel ||
    [...participantIds(contest)].some((id) => context.team.memberSlackIds.has(id)));

async function contestBlocks(
  engine: ContestEngine,
  contest: Contest,
  now: Date,
  budget: number,
): Promise<KnownBlock[]> {
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const title = section(`*🏆 ${escapeMrkdwn(contest.name)}* · ${timeLeft(scoringEnd(contest), now)}`);
  const topN = Math.min(publicTopN(engine, contest), MAX_ROWS);
  return [title, ...publicStandingsBlocks(contest, rows, { now, names, publicTopN: topN }, budget - 1)];
}

export const contestsDailySection = (engine: ContestEngine): DailySection => ({
  order: 20,
  name: 'contests',
  render: async (context, maxBlocks) => {
    const live = (await engine.contests.list(50)).filter((c) => concernsTeam(c, context));
    const shown = live.slice(0, MAX_CONTESTS);
    if (shown.length === 0) return [];
    const budget = Math.max(2, Math.floor(maxBlocks / shown.length));
    const blocks: KnownBlock[] = [];
    for (const contest of shown) blocks.push(...(await contestBlocks(engine, contest, context.now, budget)));
    return blocks.slice(0, maxBlocks);
  },
});
