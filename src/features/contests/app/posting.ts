import type { Queue } from 'bullmq';
import { failureJob } from '../../../platform/slack/delivery.ts';
import { BOARD_EDIT_REFUSED_JOB, BOARD_REFRESH_JOB, BOARD_TICK_JOB, contestsQueue } from '../queue.ts';
import { kickoffMessage, leaderboardMessage, reminderMessage, type ContestMessage } from '../slack/blocks.ts';
import type { ContestEngine } from './engine.ts';
import { participantIds, type Contest } from '../domain/model.ts';
import { rankTeams, type RankedRow, type TeamRow } from '../domain/ranking.ts';
import type { ContestJob } from '../domain/reminders.ts';

/**
 * What contests post to Slack, always through the delivery queue with deterministic keys: one
 * kick-off, one live board edited in place (at most once per `minEditIntervalSeconds`, thanks to a
 * delayed job whose id names the contest and the interval), reminders and daily standings. A board
 * whose message is gone is posted again once (board-repost.ts); edits then go to the new message.
 */

export const deliveryKey = (contestId: string, ...parts: string[]): string =>
  ['contest', contestId, ...parts].join('-');
export const liveBoardKey = (contestId: string): string => deliveryKey(contestId, 'board');
/** The live board's one re-post, when its first message is gone. */
export const repostedBoardKey = (contestId: string): string => deliveryKey(contestId, 'board', 'reposted');

/** The delivery whose message is the live board now: the first post or its re-post; null once lost. */
export async function currentBoardKey(engine: ContestEngine, contestId: string): Promise<string | null> {
  const board = await engine.side.board(contestId);
  if (board.lost !== null) return null;
  return board.key ?? liveBoardKey(contestId);
}

/** How many rows a post in the channel lists: the contest's `top:N`, else the policy's default. */
export const publicTopN = (engine: ContestEngine, contest: Contest): number =>
  contest.publicTopN ?? engine.deps.config.policy.contests.leaderboardTopN;

export function teamRows(contest: Contest, rows: readonly RankedRow[]): TeamRow[] | undefined {
  return contest.teams && contest.teams.length > 0 ? rankTeams(rows, contest.teams) : undefined;
}

export async function renderBoard(engine: ContestEngine, contest: Contest): Promise<ContestMessage> {
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const teams = teamRows(contest, rows);
  return leaderboardMessage(contest, rows, { now: engine.clock.now(), names, ...(teams ? { teams } : {}) });
}

export async function postKickoff(engine: ContestEngine, contest: Contest): Promise<void> {
  const { delivery } = engine.deps;
  const kickoff = kickoffMessage(contest, { now: engine.clock.now() });
  await delivery.enqueue({
    key: deliveryKey(contest.id, 'kickoff'),
    method: 'chat.postMessage',
    args: { channel: contest.channelId, text: kickoff.text, blocks: kickoff.blocks },
  });
  const board = await renderBoard(engine, contest);
  await delivery.enqueue({
    key: liveBoardKey(contest.id),
    method: 'chat.postMessage',
    args: { channel: contest.channelId, text: board.text, blocks: board.blocks },
  });
  await startBoardTicks(engine, contest);
}

function editIntervalMs(engine: ContestEngine, contest: Contest): number {
  return Math.max(1, Math.round(contest.cadence.minEditIntervalSeconds * 1000 * engine.clock.timeScale));
}

/**
 * Asks for a board edit at the end of the current interval. The job id names the interval, so the
 * hundred score changes of a busy minute make one chat.update.
 */
export async function scheduleBoardRefresh(engine: ContestEngine, contest: Contest): Promise<void> {
  if (!contest.cadence.liveUpdates || contest.status !== 'running') return;
  const interval = editIntervalMs(engine, contest);
  const nowMs = engine.clock.now().getTime();
  const bucket = Math.floor(nowMs / interval);
  await engine.deps.jobs.add(
    contestsQueue,
    BOARD_REFRESH_JOB,
    { contestId: contest.id, bucket },
    { jobId: deliveryKey(contest.id, 'refresh', String(bucket)), delay: (bucket + 1) * interval - nowMs },
  );
}

const boardTickSchedulerId = (contestId: string): string => deliveryKey(contestId, 'board-tick');

/** BullMQ types a scheduler's id as a job name; ours names the contest instead. */
const schedulers = (engine: ContestEngine): Queue<unknown, unknown, string> =>
  engine.deps.jobs.queue(contestsQueue);

/**
 * A job scheduler per live board, every `liveBoardRefreshMinutes`: each tick asks for an edit
 * through scheduleBoardRefresh, so it shares the score changes' interval buckets and the board is
 * still edited at most once per `minEditIntervalSeconds`. Upserting again is harmless.
 */
export async function startBoardTicks(engine: ContestEngine, contest: Contest): Promise<void> {
  if (!contest.cadence.liveUpdates) return;
  const minutes = engine.deps.config.policy.contests.liveBoardRefreshMinutes;
  const every = Math.max(1, Math.round(minutes * 60_000 * engine.clock.timeScale));
  await schedulers(engine).upsertJobScheduler(
    boardTickSchedulerId(contest.id),
    { every },
    { name: BOARD_TICK_JOB, data: { contestId: contest.id } },
  );
}

export async function stopBoardTicks(engine: ContestEngine, contestId: string): Promise<void> {
  await schedulers(engine).removeJobScheduler(boardTickSchedulerId(contestId));
}

/** One tick: an edit while the contest runs and its board exists; otherwise the ticks stop. */
export async function tickBoard(engine: ContestEngine, contestId: string): Promise<'scheduled' | 'stopped'> {
  const contest = await engine.contests.get(contestId);
  if (contest?.status !== 'running' || (await currentBoardKey(engine, contestId)) === null) {
    await stopBoardTicks(engine, contestId);
    return 'stopped';
  }
  await scheduleBoardRefresh(engine, contest);
  return 'scheduled';
}

export async function refreshBoard(engine: ContestEngine, contest: Contest, bucket: number): Promise<void> {
  if (contest.status !== 'running') return;
  const boardKey = await currentBoardKey(engine, contest.id);
  if (boardKey === null) return;
  const board = await renderBoard(engine, contest);
  await engine.deps.delivery.enqueue({
    key: deliveryKey(contest.id, 'board', String(bucket)),
    method: 'chat.update',
    updates: boardKey,
    args: { text: board.text, blocks: board.blocks },
    onFailure: failureJob(contestsQueue, BOARD_EDIT_REFUSED_JOB, { contestId: contest.id, boardKey }),
  });
}

export async function postReminder(engine: ContestEngine, contest: Contest, job: ContestJob): Promise<void> {
  if (contest.status !== 'running') return;
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const now = engine.clock.now();
  // Daily standings are a public post like the reminders: the top N who scored, never a zero.
  const message = reminderMessage(contest, job.kind, rows, {
    now,
    names,
    publicTopN: publicTopN(engine, contest),
  });
  await engine.deps.delivery.enqueue({
    key: job.jobId,
    method: 'chat.postMessage',
    args: { channel: contest.channelId, text: message.text, blocks: message.blocks },
  });
}
