import { finalRankDm, finalResultsMessage, leaderboardMessage, MAX_MESSAGE_BLOCKS } from '../slack/blocks.ts';
import type { ContestEngine } from './engine.ts';
import { formatPoints } from '../slack/format.ts';
import { endContest, participantIds, type Contest } from '../domain/model.ts';
import { deliveryKey, liveBoardKey, participantNames, teamRows } from './posting.ts';
import type { RankedRow } from '../domain/ranking.ts';

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

interface StoredRow {
  repId: string;
  points: number;
  rank: number;
  reachedAt: string | null;
}

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

export async function finaliseContest(
  engine: ContestEngine,
  contestId: string,
  hooks: FinaliseHooks = {},
): Promise<FinaliseOutcome> {
  const { redis, keys, delivery, logger } = engine.services;
  const contest = await endIfRunning(engine, contestId);
  if (!contest) return 'missing';
  if (contest.status === 'cancelled') return 'cancelled';
  if (contest.status !== 'ended') throw new Error(`contest ${contestId} is ${contest.status}, not ended yet`);
  const stepsKey = keys('contest', contestId, 'final');
  const steps = await redis.hgetall(stepsKey);
  if (steps['done']) return 'already-finalised';

  if (!steps['rows']) {
    const { rows, drift, notRecountedBecause } = await engine.recomputeFromSalesforce(contest);
    await redis.hsetnx(stepsKey, 'rows', encodeRows(rows));
    await redis.hsetnx(stepsKey, 'drift', JSON.stringify(drift));
    if (notRecountedBecause) await redis.hsetnx(stepsKey, 'not-recounted', notRecountedBecause);
    await hooks.afterStep?.('recomputed');
  }
  const rows = decodeRows((await redis.hget(stepsKey, 'rows')) ?? '[]');
  const driftJson = await redis.hget(stepsKey, 'drift');
  const drift = driftJson
    ? (JSON.parse(driftJson) as Parameters<typeof finalResultsMessage>[2]['drift'])
    : undefined;
  const now = engine.clock.now();
  const names = await participantNames(engine.services, participantIds(contest));
  const teams = teamRows(contest, rows);

  if (!steps['posted']) {
    const total = rows.reduce((sum, row) => sum + row.points, 0);
    const scorers = rows.filter((row) => row.points > 0).length;
    const shoutOut =
      contest.metric === 'sla_hit_rate' || scorers === 0
        ? undefined
        : `${formatPoints(contest, total)} from ${scorers} ${scorers === 1 ? 'rep' : 'reps'}. Thank you, everyone!`;
    const results = finalResultsMessage(contest, rows, {
      now,
      names,
      ...(teams ? { teams } : {}),
      ...(drift ? { drift } : {}),
      ...(shoutOut ? { shoutOut } : {}),
    });
    const notRecounted = await redis.hget(stepsKey, 'not-recounted');
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
    if (contest.cadence.liveUpdates) {
      const board = leaderboardMessage(contest, rows, { now, names, ...(teams ? { teams } : {}) });
      await delivery.enqueue({
        key: deliveryKey(contest.id, 'board', 'final'),
        method: 'chat.update',
        updates: liveBoardKey(contest.id),
        args: { text: board.text, blocks: board.blocks },
      });
    }
    await redis.hset(stepsKey, 'posted', now.toISOString());
    await hooks.afterStep?.('posted');
  }

  if (!steps['dms']) {
    const byRep = new Map(rows.map((row) => [row.repId, row]));
    const participants = [...participantIds(contest)];
    for (const repId of participants) {
      const dm = finalRankDm(contest, byRep.get(repId) ?? null, participants.length);
      await delivery.enqueue({
        key: deliveryKey(contest.id, 'dm', repId),
        method: 'dm',
        args: { user: repId, text: dm.text, blocks: dm.blocks },
      });
    }
    await redis.hset(stepsKey, 'dms', now.toISOString());
    await hooks.afterStep?.('dms');
  }
  await redis.hset(stepsKey, 'done', now.toISOString());
  await hooks.afterStep?.('done');
  logger.info({ contestId, participants: rows.length }, 'contest finalised');
  return 'finalised';
}

export async function finalState(engine: ContestEngine, contestId: string): Promise<Record<string, string>> {
  return engine.services.redis.hgetall(engine.services.keys('contest', contestId, 'final'));
}
