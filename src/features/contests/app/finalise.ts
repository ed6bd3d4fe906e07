import { finalRankDm, finalResultsMessage, leaderboardMessage, MAX_MESSAGE_BLOCKS } from '../slack/blocks.ts';
import type { ContestEngine } from './engine.ts';
import { scheduleStickReport } from './did-it-stick.ts';
import { formatPoints } from '../slack/format.ts';
import { endContest, NOT_COUNTS, participantIds, type Contest } from '../domain/model.ts';
import { currentBoardKey, deliveryKey, publicTopN, stopBoardTicks, teamRows } from './posting.ts';
import type { RankedRow, TeamRow } from '../domain/ranking.ts';

/**
 * Ending a contest is a sequence of steps recorded in a Redis hash, so a worker that dies half-way
 * leaves a state the retry completes, and two workers (or a job run twice) do each step's visible
 * effect once:
 *   ended -> recomputed (rows stored with HSETNX: the first recount wins) -> posted -> dms -> done.
 * The results post is made in this job, under a deterministic delivery key that finds a post an
 * interrupted attempt already made; the board edit and the DMs go through the delivery queue with
 * deterministic keys. Either way a step repeated after a worker died shows once.
 */

export type FinalStep = 'recomputed' | 'posted' | 'dms' | 'done';

export interface FinaliseHooks {
  /** Called after each recorded step; tests throw here to play a worker dying. */
  afterStep?: (step: FinalStep) => Promise<void> | void;
}

export type FinaliseOutcome = 'finalised' | 'already-finalised' | 'cancelled' | 'missing';

/** A ranked row as JSON (hit-rate tallies and "needs more" included, so the final post can show them). */
type StoredRow = Omit<RankedRow, 'reachedAt'> & { reachedAt: string | null };

const encodeRows = (rows: readonly RankedRow[]): string =>
  JSON.stringify(rows.map((row) => ({ ...row, reachedAt: row.reachedAt?.toISOString() ?? null })));
const decodeRows = (json: string): RankedRow[] =>
  (JSON.parse(json) as StoredRow[]).map((row) => ({
    ...row,
    reachedAt: row.reachedAt ? new Date(row.reachedAt) : null,
  }));

async function endIfRunning(engine: ContestEngine, contestId: string): Promise<Contest | null> {
  const contest = await engine.contests.get(contestId);
  if (!contest || contest.status !== 'running') return contest;
  const result = await engine.contests.update(contestId, (current) =>
    current.status === 'ended' ? { ok: true, contest: current } : endContest(current, engine.clock.now()),
  );
  return result.ok ? result.contest : (result.contest ?? (await engine.contests.get(contestId)));
}

type Drift = NonNullable<Parameters<typeof finalResultsMessage>[2]['drift']>;

/** What the posts are built from, read back from the recorded steps. */
interface FinalBoard {
  contest: Contest;
  rows: RankedRow[];
  drift?: Drift;
  now: Date;
  names: Map<string, string>;
  teams?: TeamRow[];
}

/** The recount, stored once: a second worker keeps the first one's rows. */
async function recordRecount(engine: ContestEngine, contest: Contest): Promise<void> {
  const { side } = engine;
  const { rows, drift, notRecountedBecause } = await engine.recomputeFromSalesforce(contest);
  await side.recordFinalStepOnce(contest.id, 'rows', encodeRows(rows));
  await side.recordFinalStepOnce(contest.id, 'drift', JSON.stringify(drift));
  if (notRecountedBecause) await side.recordFinalStepOnce(contest.id, 'not-recounted', notRecountedBecause);
}

async function readFinalBoard(engine: ContestEngine, contest: Contest): Promise<FinalBoard> {
  const rows = decodeRows((await engine.side.finalStep(contest.id, 'rows')) ?? '[]');
  const driftJson = await engine.side.finalStep(contest.id, 'drift');
  const drift = driftJson ? (JSON.parse(driftJson) as Drift) : undefined;
  const names = await engine.names.of(participantIds(contest));
  const teams = teamRows(contest, rows);
  return {
    contest,
    rows,
    now: engine.clock.now(),
    names,
    ...(drift ? { drift } : {}),
    ...(teams ? { teams } : {}),
  };
}

function shoutOutFor(contest: Contest, rows: readonly RankedRow[]): string | undefined {
  const total = rows.reduce((sum, row) => sum + row.points, 0);
  const scorers = rows.filter((row) => row.points > 0).length;
  return NOT_COUNTS.has(contest.metric) || scorers === 0
    ? undefined
    : `${formatPoints(contest, total)} from ${scorers} ${scorers === 1 ? 'rep' : 'reps'}. Thank you, everyone!`;
}

/** The results post (made here, not queued) and the last edit of the live board. */
async function postResults(engine: ContestEngine, board: FinalBoard): Promise<void> {
  const { delivery } = engine.deps;
  const { contest, rows, now, names, teams, drift } = board;
  const shoutOut = shoutOutFor(contest, rows);
  const results = finalResultsMessage(contest, rows, {
    now,
    names,
    publicTopN: publicTopN(engine, contest),
    ...(teams ? { teams } : {}),
    ...(drift ? { drift } : {}),
    ...(shoutOut ? { shoutOut } : {}),
  });
  const notRecounted = await engine.side.finalStep(contest.id, 'not-recounted');
  if (notRecounted) {
    const text = `Not recounted from Salesforce: ${notRecounted}, so these are the points counted before access was lost.`;
    results.blocks = [
      ...results.blocks.slice(0, MAX_MESSAGE_BLOCKS - 1),
      { type: 'context', elements: [{ type: 'mrkdwn', text }] },
    ];
  }
  // Posted here rather than queued: "posted" then means Slack has it, and a worker dying mid-post
  // leaves this job to resume, where the delivery finds the post instead of making a second one.
  await delivery.deliver({
    key: deliveryKey(contest.id, 'final'),
    method: 'chat.postMessage',
    args: { channel: contest.channelId, text: results.text, blocks: results.blocks },
  });
  const boardKey = contest.cadence.liveUpdates ? await currentBoardKey(engine, contest.id) : null;
  if (boardKey !== null) {
    const final = leaderboardMessage(contest, rows, { now, names, ...(teams ? { teams } : {}) });
    await delivery.enqueue({
      key: deliveryKey(contest.id, 'board', 'final'),
      method: 'chat.update',
      updates: boardKey,
      args: { text: final.text, blocks: final.blocks },
    });
  }
}

/** Each participant's own rank, by DM. */
async function sendRankDms(engine: ContestEngine, board: FinalBoard): Promise<void> {
  const { contest, rows } = board;
  const byRep = new Map(rows.map((row) => [row.repId, row]));
  const participants = [...participantIds(contest)];
  for (const repId of participants) {
    const dm = finalRankDm(contest, byRep.get(repId) ?? null, participants.length);
    await engine.deps.delivery.enqueue({
      key: deliveryKey(contest.id, 'dm', repId),
      method: 'dm',
      args: { user: repId, text: dm.text, blocks: dm.blocks },
    });
  }
}

export async function finaliseContest(
  engine: ContestEngine,
  contestId: string,
  hooks: FinaliseHooks = {},
): Promise<FinaliseOutcome> {
  const { side } = engine;
  const contest = await endIfRunning(engine, contestId);
  if (!contest) return 'missing';
  if (contest.status === 'cancelled') return 'cancelled';
  if (contest.status !== 'ended') throw new Error(`contest ${contestId} is ${contest.status}, not ended yet`);
  await stopBoardTicks(engine, contestId);
  const steps = await side.finalSteps(contestId);
  if (steps['done']) return 'already-finalised';

  if (!steps['rows']) {
    await recordRecount(engine, contest);
    await hooks.afterStep?.('recomputed');
  }
  const board = await readFinalBoard(engine, contest);
  const at = board.now.toISOString();
  if (!steps['posted']) {
    await postResults(engine, board);
    await side.recordFinalStep(contestId, 'posted', at);
    await hooks.afterStep?.('posted');
  }
  if (!steps['dms']) {
    await sendRankDms(engine, board);
    await side.recordFinalStep(contestId, 'dms', at);
    await hooks.afterStep?.('dms');
  }
  await scheduleStickReport(engine, contest);
  await side.recordFinalStep(contestId, 'done', at);
  await hooks.afterStep?.('done');
  engine.deps.logger.info({ contestId, participants: board.rows.length }, 'contest finalised');
  return 'finalised';
}

export async function finalState(engine: ContestEngine, contestId: string): Promise<Record<string, string>> {
  return engine.side.finalSteps(contestId);
}
