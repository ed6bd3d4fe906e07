import { UnrecoverableError } from 'bullmq';
import { readDomainEvent } from '../../shared/sync/domain-events.ts';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import type { JobHandlers, TypedJob } from '../../platform/jobs/queue-spec.ts';
import { QUICK_RECOVERY_LOCKS } from '../../platform/jobs/recovery.ts';
import type { ContestEngine } from './app/engine.ts';
import { repostGoneBoard } from './app/board-repost.ts';
import { postStickReport } from './app/did-it-stick.ts';
import { finaliseContest } from './app/finalise.ts';
import { postReminder, refreshBoard, scheduleBoardRefresh, tickBoard } from './app/posting.ts';
import { resolveRoster } from './app/roster.ts';
import { currentJob } from './app/schedule.ts';
import { startContest, type Contest } from './domain/model.ts';
import {
  BOARD_EDIT_REFUSED_JOB,
  BOARD_REFRESH_JOB,
  BOARD_TICK_JOB,
  CONTEST_JOB,
  END_NOW_JOB,
  LEAD_SOURCES_JOB,
  RECOMPUTE_JOB,
  STICK_REPORT_JOB,
  boardEditRefusedDataSchema,
  boardRefreshDataSchema,
  contestIdDataSchema,
  contestJobDataSchema,
  contestsQueue,
} from './queue.ts';
import { postKickoff } from './app/posting.ts';

/**
 * The contests queue's processors (the spec and its job map are in queue.ts): domain events from
 * sync (scoring), the contest clock (start, reminders, end), live-board edits (on score changes and
 * on a schedule), on-demand ends and recounts, the lead-source list for the modal, and re-posting a
 * live board whose message is gone.
 */

export { contestsQueue } from './queue.ts';

type ContestJobs = NonNullable<(typeof contestsQueue)['jobs']>;

/** scheduled -> running with the roster snapshot, then the kick-off and the live board. */
export async function startContestNow(
  engine: ContestEngine,
  contest: Contest,
  runAt?: Date,
): Promise<Contest> {
  let running = contest;
  if (contest.status === 'scheduled') {
    const roster = await resolveRoster(engine.deps, contest);
    // A due job fired by BullMQ may be scaled (tests) or a little early (clock skew): it starts at its time.
    const nowMs = Math.max(engine.clock.now().getTime(), runAt?.getTime() ?? 0);
    const result = await engine.contests.update(contest.id, (current) =>
      startContest(current, new Date(nowMs), roster),
    );
    if (!result.ok) {
      const latest = result.contest;
      if (latest?.status !== 'running') throw new UnrecoverableError(result.error);
      running = latest;
    } else {
      running = result.contest;
    }
  }
  if (running.status !== 'running') return running;
  await engine.ledger.seedBoard(running);
  await postKickoff(engine, running);
  return running;
}

async function runContestJob(engine: ContestEngine, job: TypedJob<ContestJobs, typeof CONTEST_JOB>) {
  const data = contestJobDataSchema.parse(job.data);
  const contest = await engine.contests.get(data.contestId);
  if (!contest) return { skipped: 'no such contest' };
  const scheduled = currentJob(contest, data);
  if (!scheduled) return { skipped: 'stale job: the contest was rescheduled' };
  switch (data.kind) {
    case 'start':
      if (contest.status !== 'scheduled' && contest.status !== 'running') return { skipped: contest.status };
      return { status: (await startContestNow(engine, contest, scheduled.runAt)).status };
    case 'end':
      return { outcome: await finaliseContest(engine, contest.id) };
    default:
      await postReminder(engine, contest, scheduled);
      return { posted: data.kind };
  }
}

/** The lead sources of synced leads, for the launch modal's picker (sync keeps the index). */
async function refreshLeadSources(engine: ContestEngine): Promise<number> {
  const sources = new Set(await engine.deps.store.leadSources());
  await engine.side.replaceLeadSources(sources);
  return sources.size;
}

async function recompute(engine: ContestEngine, contestId: string) {
  const contest = await engine.contests.get(contestId);
  if (!contest || contest.status !== 'running') return { skipped: 'not running' };
  const { drift } = await engine.recomputeFromSalesforce(contest);
  await scheduleBoardRefresh(engine, contest);
  return { corrected: drift.changes.length };
}

/** One handler per job name of the contests queue. */
export function contestJobHandlers(engine: ContestEngine): JobHandlers<ContestJobs> {
  return {
    [DOMAIN_EVENT_JOB]: async (job) => {
      const { changed, editDue } = await engine.scoreEvent(readDomainEvent(job.data));
      // Only the first change of an edit interval schedules the edit (the script's flag).
      for (const due of editDue) {
        await scheduleBoardRefresh(engine, due.contest).catch(async (error: unknown) => {
          // Lowered again so the next change in this interval asks for the edit.
          await engine.ledger.dropEditFlag(due.contest.id, due.interval);
          throw error;
        });
      }
      return { changed: changed.map((contest) => contest.id) };
    },
    [CONTEST_JOB]: (job) => runContestJob(engine, job),
    [BOARD_REFRESH_JOB]: async (job) => {
      const data = boardRefreshDataSchema.parse(job.data);
      const contest = await engine.contests.get(data.contestId);
      if (contest) await refreshBoard(engine, contest, data.bucket);
      return { refreshed: data.contestId };
    },
    [BOARD_TICK_JOB]: async (job) => {
      const { contestId } = contestIdDataSchema.parse(job.data);
      return { tick: await tickBoard(engine, contestId) };
    },
    [END_NOW_JOB]: async (job) => ({
      outcome: await finaliseContest(engine, contestIdDataSchema.parse(job.data).contestId),
    }),
    [RECOMPUTE_JOB]: (job) => recompute(engine, contestIdDataSchema.parse(job.data).contestId),
    [LEAD_SOURCES_JOB]: async () => ({ sources: await refreshLeadSources(engine) }),
    [BOARD_EDIT_REFUSED_JOB]: async (job) => ({
      board: await repostGoneBoard(engine, boardEditRefusedDataSchema.parse(job.data)),
    }),
    [STICK_REPORT_JOB]: async (job) => ({
      outcome: await postStickReport(engine, contestIdDataSchema.parse(job.data).contestId),
    }),
  };
}

/** Subscribes to domain events and declares the processors (workers start in the worker role). */
export function startContestJobs(engine: ContestEngine): void {
  const { bus, jobs } = engine.deps;
  bus.subscribe(contestsQueue);
  // Finalisation interrupted by a dead worker resumes on another within half a minute.
  jobs.process(contestsQueue, contestJobHandlers(engine), { concurrency: 4, ...QUICK_RECOVERY_LOCKS });
}
