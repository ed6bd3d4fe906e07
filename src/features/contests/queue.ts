import { z } from 'zod';
import type { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';

/**
 * The contests queue and what each of its jobs carries: domain events from sync (scoring), the
 * contest clock (start, reminders, end), live-board edits (scheduled, and those Slack refused), on-demand ends
 * and recounts, and the lead-source list for the modal. Declared apart from the processors (jobs.ts) because the use
 * cases that enqueue and the processors that run them both import it.
 * Data is parsed again when a job runs: it comes back from Redis.
 */

export const CONTEST_JOB = 'contest-job';
export const BOARD_REFRESH_JOB = 'board-refresh';
export const END_NOW_JOB = 'end-now';
export const RECOMPUTE_JOB = 'recompute';
export const LEAD_SOURCES_JOB = 'lead-sources';
/** A live contest's job scheduler: asks for a board edit so "time left" moves when no score does. */
export const BOARD_TICK_JOB = 'board-tick';
/** Queued by delivery when Slack refuses a live-board edit for good (see app/board-repost.ts). */
export const BOARD_EDIT_REFUSED_JOB = 'board-edit-refused';
/** Did it stick? The before/during/after report, some days after a contest ends (app/did-it-stick.ts). */
export const STICK_REPORT_JOB = 'stick-report';

export const contestJobDataSchema = z.object({
  contestId: z.string(),
  kind: z.enum(['start', 'end', 'halfway', '24h-left', '1h-left', 'daily-standings']),
  jobId: z.string(),
  runAt: z.iso.datetime(),
});
export type ContestJobData = z.infer<typeof contestJobDataSchema>;

export const contestIdDataSchema = z.object({ contestId: z.string() });
export type ContestIdData = z.infer<typeof contestIdDataSchema>;

export const boardRefreshDataSchema = z.object({ contestId: z.string(), bucket: z.number().int() });
export type BoardRefreshData = z.infer<typeof boardRefreshDataSchema>;

export const boardEditRefusedDataSchema = z.object({
  contestId: z.string(),
  /** The delivery whose message the refused edit was for. */
  boardKey: z.string(),
  slackError: z.string(),
});
export type BoardEditRefusedData = z.infer<typeof boardEditRefusedDataSchema>;

export const contestsQueue = defineQueue<{
  [DOMAIN_EVENT_JOB]: DomainEvent;
  [CONTEST_JOB]: ContestJobData;
  [BOARD_REFRESH_JOB]: BoardRefreshData;
  [BOARD_TICK_JOB]: ContestIdData;
  [END_NOW_JOB]: ContestIdData;
  [RECOMPUTE_JOB]: ContestIdData;
  [LEAD_SOURCES_JOB]: Record<string, never>;
  [BOARD_EDIT_REFUSED_JOB]: BoardEditRefusedData;
  [STICK_REPORT_JOB]: ContestIdData;
}>('contests');
