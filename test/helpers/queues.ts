import type { Job } from 'bullmq';
import type { JobRuntime } from '../../src/platform/jobs/runtime.ts';
import { waitFor } from './process.ts';

/**
 * A delayed job due later than this is scheduled work (a contest reminder, the demo's first scan),
 * not the tail of what the test just did; a first retry backs off by about a second, well inside it.
 */
const DUE_SOON_MS = 5_000;

/**
 * When a delayed job runs: a retry waits its backoff from the attempt that failed (processedOn),
 * not from when the job was created, so a job on its fourth or fifth attempt (8 s, 16 s away) is
 * not counted as about to run for the whole of its wait.
 */
const dueAt = (job: Job): number =>
  (job.attemptsMade > 0 && job.processedOn ? job.processedOn : job.timestamp) + job.delay;

const isDueSoon = (job: Job, now: number): boolean =>
  // Job schedulers (sync, nudge scan, heartbeat) always have a next run waiting: not leftover work.
  !job.repeatJobKey && dueAt(job) <= now + DUE_SOON_MS;

/** What is still queued or running that could act, as "queue: n state" lines; empty when idle. */
export async function pendingJobs(jobs: JobRuntime): Promise<string[]> {
  const pending: string[] = [];
  for (const name of jobs.queueNames) {
    const queue = jobs.queueNamed(name);
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    for (const [state, count] of Object.entries(counts)) {
      if (count > 0) pending.push(`${name}: ${count} ${state}`);
    }
    const now = Date.now();
    const delayed = (await queue.getDelayed()).filter((job) => isDueSoon(job, now));
    if (delayed.length > 0) pending.push(`${name}: ${delayed.length} delayed`);
  }
  return pending;
}

/**
 * Waits until no BullMQ queue has work that could still act (nothing waiting, running or about to
 * retry), seen twice in a row so a job that enqueues another as it finishes is not missed. Then
 * "nothing more happened" can be asserted: the work is done, rather than maybe not started yet.
 */
export async function waitForQueuesToDrain(jobs: JobRuntime): Promise<void> {
  let idleChecks = 0;
  await waitFor(async () => {
    const pending = await pendingJobs(jobs);
    idleChecks = pending.length === 0 ? idleChecks + 1 : 0;
    // Thrown, so a hang reports what was still queued.
    if (pending.length > 0) throw new Error(`still queued: ${pending.join(', ')}`);
    return idleChecks >= 2 ? true : undefined;
  }, 'the job queues to drain');
}
