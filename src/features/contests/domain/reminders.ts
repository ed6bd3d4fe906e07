import { DateTime } from 'luxon';
import { DAY_MS, HOUR_MS, type Contest } from './model.ts';

/**
 * The delayed jobs a contest needs, with deterministic BullMQ job ids (no ':' and never all digits),
 * so scheduling twice is harmless. BullMQ ignores a duplicate id only while the first job exists,
 * and keeps the old delay: when the window changes (extension), remove the jobs `rescheduleJobs`
 * lists before adding the new ones. Handlers must still check the contest's state and end time when
 * they run, because a job removed too late may fire anyway.
 */

export type ContestJobKind = 'start' | 'end' | 'halfway' | '24h-left' | '1h-left' | 'daily-standings';

export interface ContestJob {
  jobId: string;
  kind: ContestJobKind;
  runAt: Date;
  contestId: string;
}

/** Reminders this close to another post (or to start and end) would repeat it; skip them. */
export const MIN_GAP_MS = 15 * 60_000;

export function contestJobId(contestId: string, kind: ContestJobKind, localDate?: string): string {
  const suffix = localDate === undefined ? '' : `-${localDate.replaceAll('-', '')}`;
  return `contest-${contestId}-${kind}${suffix}`;
}

/**
 * Start and end always; then half-way, 24 h left and 1 h left in that order of priority, each kept
 * only if it falls inside the window and at least MIN_GAP_MS from everything kept before it; then
 * the daily standings post for contests of a day or more (the live board covers shorter ones),
 * likewise kept clear of the other posts. With `now`, jobs already due are dropped, except `end`.
 */
export function scheduleContestJobs(contest: Contest, options: { now?: Date } = {}): ContestJob[] {
  const start = contest.window.start.getTime();
  const end = contest.window.end.getTime();
  const length = end - start;
  const job = (kind: ContestJobKind, at: number, localDate?: string): ContestJob => ({
    jobId: contestJobId(contest.id, kind, localDate),
    kind,
    runAt: new Date(at),
    contestId: contest.id,
  });
  const jobs: ContestJob[] = [job('start', start), job('end', end)];
  const clearOfOthers = (at: number) =>
    jobs.every((other) => Math.abs(other.runAt.getTime() - at) >= MIN_GAP_MS);

  const reminders: [ContestJobKind, number][] = [
    ['halfway', start + length / 2],
    ['24h-left', end - DAY_MS],
    ['1h-left', end - HOUR_MS],
  ];
  for (const [kind, at] of reminders) if (at > start && clearOfOthers(at)) jobs.push(job(kind, at));

  const postAt = contest.cadence.dailyStandingsAt;
  if (postAt !== null && length >= DAY_MS) {
    const [hour, minute] = postAt.split(':').map(Number);
    let day = DateTime.fromMillis(start, { zone: contest.timeZone }).startOf('day');
    while (day.toMillis() < end) {
      const at = day.set({ hour: hour ?? 9, minute: minute ?? 0 }).toMillis();
      if (at > start && at < end && clearOfOthers(at))
        jobs.push(job('daily-standings', at, day.toISODate() ?? ''));
      day = day.plus({ days: 1 });
    }
  }

  const now = options.now?.getTime();
  return jobs
    .filter((scheduled) => now === undefined || scheduled.kind === 'end' || scheduled.runAt.getTime() > now)
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** Jobs to remove (gone, or same id at a new time) and to add, when a contest's window changes. */
export function rescheduleJobs(
  previous: readonly ContestJob[],
  next: readonly ContestJob[],
): { remove: ContestJob[]; add: ContestJob[] } {
  const before = new Map(previous.map((job) => [job.jobId, job]));
  const after = new Map(next.map((job) => [job.jobId, job]));
  const moved = (a: ContestJob | undefined, b: ContestJob) => a?.runAt.getTime() !== b.runAt.getTime();
  return {
    remove: previous.filter((job) => moved(after.get(job.jobId), job)),
    add: next.filter((job) => moved(before.get(job.jobId), job)),
  };
}

/** Delay for BullMQ's `delay` option; never negative (a late job runs at once). */
export const delayFor = (job: ContestJob, now: Date): number =>
  Math.max(0, job.runAt.getTime() - now.getTime());
