import { z } from 'zod';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';

/**
 * The daily-summary queue: a check every minute (a job scheduler, so several workers share one)
 * and one post job per channel per local date, whose job id is that pair: the check seen by two
 * workers, or run twice, queues it once. Data is parsed again when a job runs.
 */

export const CHECK_JOB = 'daily-check';
export const POST_JOB = 'daily-post';

export const postJobDataSchema = z.object({
  channel: z.string(),
  manager: z.string(),
  localDate: z.iso.date(),
});
export type PostJobData = z.infer<typeof postJobDataSchema>;

export const dailyQueue = defineQueue<{
  [CHECK_JOB]: Record<string, never>;
  [POST_JOB]: PostJobData;
}>('daily-summary');
