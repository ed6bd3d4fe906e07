import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import type { QueueDirectory } from './queues.ts';

/**
 * The queue directory's refresh (src/shared/people/queues.ts) on a BullMQ job scheduler: once at
 * start and every few minutes after. Registered by whoever needs queues (the lead-queues feature,
 * when its policy maps one), so an org that maps none makes no queue queries.
 */

export const REFRESH_QUEUES_JOB = 'refresh-queues';
/** BullMQ's typed queue names a scheduler like the job it produces. */
export const QUEUE_DIRECTORY_SCHEDULER_ID = REFRESH_QUEUES_JOB;
const DEFAULT_EVERY_MINUTES = 10;

export const queueDirectoryQueue = defineQueue<{ [REFRESH_QUEUES_JOB]: Record<string, never> }>(
  'queue-directory',
);

export async function registerQueueDirectoryJobs(
  deps: { jobs: Pick<JobRuntime, 'process' | 'queue' | 'add'>; queues: Pick<QueueDirectory, 'refresh'> },
  everyMinutes = DEFAULT_EVERY_MINUTES,
): Promise<void> {
  deps.jobs.process(
    queueDirectoryQueue,
    {
      [REFRESH_QUEUES_JOB]: async () => ({ queues: (await deps.queues.refresh()).length }),
    },
    { concurrency: 1 },
  );
  // A scheduler's first run waits a whole interval; the directory is wanted now.
  await deps.jobs.add(queueDirectoryQueue, REFRESH_QUEUES_JOB, {});
  await deps.jobs
    .queue(queueDirectoryQueue)
    .upsertJobScheduler(
      QUEUE_DIRECTORY_SCHEDULER_ID,
      { every: everyMinutes * 60_000 },
      { name: REFRESH_QUEUES_JOB },
    );
}
