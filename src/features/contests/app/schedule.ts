import type { ContestEngine } from './engine.ts';
import type { Contest } from '../domain/model.ts';
import { CONTEST_JOB, contestsQueue, type ContestJobData } from '../queue.ts';
import { delayFor, rescheduleJobs, scheduleContestJobs, type ContestJob } from '../domain/reminders.ts';

/**
 * A contest's clock as BullMQ delayed jobs with deterministic ids (`scheduleContestJobs`). BullMQ
 * ignores a duplicate id while the old job exists and keeps the old delay, so a changed window
 * removes the moved jobs before adding them again. Delays are multiplied by the injected clock's
 * `timeScale` (1 in production; tests run an hour in seconds).
 */

const isLive = (contest: Contest) => contest.status === 'scheduled' || contest.status === 'running';

async function addJobs(engine: ContestEngine, jobs: readonly ContestJob[]): Promise<void> {
  const { jobs: runtime } = engine.deps;
  const now = engine.clock.now();
  for (const job of jobs) {
    const data: ContestJobData = {
      contestId: job.contestId,
      kind: job.kind,
      jobId: job.jobId,
      runAt: job.runAt.toISOString(),
    };
    await runtime.add(contestsQueue, CONTEST_JOB, data, {
      jobId: job.jobId,
      delay: Math.round(delayFor(job, now) * engine.clock.timeScale),
    });
  }
}

async function removeJobs(engine: ContestEngine, jobs: readonly ContestJob[]): Promise<void> {
  const queue = engine.deps.jobs.queue(contestsQueue);
  for (const job of jobs) {
    // A job that is running right now is locked and stays; its handler sees the stale time and skips.
    await queue.remove(job.jobId).catch(() => 0);
  }
}

/** Jobs for a new contest, or the difference after its window (or status) changed. */
export async function syncContestJobs(
  engine: ContestEngine,
  contest: Contest,
  previous?: Contest,
): Promise<{ added: string[]; removed: string[] }> {
  const now = engine.clock.now();
  const next = isLive(contest) ? scheduleContestJobs(contest, { now }) : [];
  // A contest that starts "now" has its start already due; it still needs its start job.
  const start = scheduleContestJobs(contest).find((job) => job.kind === 'start');
  if (contest.status === 'scheduled' && start && !next.some((job) => job.kind === 'start'))
    next.unshift(start);
  const before = previous && isLive(previous) ? scheduleContestJobs(previous) : [];
  const { remove, add } = previous
    ? isLive(contest)
      ? rescheduleJobs(before, next)
      : { remove: before, add: [] }
    : { remove: [], add: next };
  await removeJobs(engine, remove);
  await addJobs(engine, add);
  return { added: add.map((job) => job.jobId), removed: remove.map((job) => job.jobId) };
}

/** The job as the contest's current schedule has it, or null when this run is stale. */
export function currentJob(contest: Contest, data: ContestJobData): ContestJob | null {
  const job = scheduleContestJobs(contest).find((candidate) => candidate.jobId === data.jobId);
  return job && job.runAt.toISOString() === data.runAt ? job : null;
}
