import type { Queue } from 'bullmq';
import type { JobHandlers } from '../../platform/jobs/queue-spec.ts';
import { QUICK_RECOVERY_LOCKS } from '../../platform/jobs/recovery.ts';
import { checkDailySummaries, postDailySummary } from './app/daily-post.ts';
import type { DailySummaryDeps } from './deps.ts';
import { CHECK_JOB, POST_JOB, dailyQueue, postJobDataSchema } from './queue.ts';

/** The check every minute (one scheduler whatever the number of workers) and the posts it queues. */

export { dailyQueue } from './queue.ts';

const CHECK_SCHEDULER_ID = 'daily-summary-check';
const CHECK_EVERY_MS = 60_000;

type DailyJobs = NonNullable<(typeof dailyQueue)['jobs']>;

export function dailyJobHandlers(deps: DailySummaryDeps): JobHandlers<DailyJobs> {
  return {
    [CHECK_JOB]: async () => ({ queued: await checkDailySummaries(deps) }),
    [POST_JOB]: async (job) => postDailySummary(deps, postJobDataSchema.parse(job.data)),
  };
}

export async function startDailyJobs(deps: DailySummaryDeps): Promise<void> {
  deps.jobs.process(dailyQueue, dailyJobHandlers(deps), { concurrency: 2, ...QUICK_RECOVERY_LOCKS });
  // BullMQ types a scheduler's id as a job name; ours is named apart from its job.
  const schedulers: Queue<unknown, unknown, string> = deps.jobs.queue(dailyQueue);
  if (deps.config.policy.daily.teams.length === 0) {
    await schedulers.removeJobScheduler(CHECK_SCHEDULER_ID);
    return;
  }
  await schedulers.upsertJobScheduler(CHECK_SCHEDULER_ID, { every: CHECK_EVERY_MS }, { name: CHECK_JOB });
}
