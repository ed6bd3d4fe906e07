import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../../src/features/contests/domain/model.ts';
import {
  rescheduleJobs,
  scheduleContestJobs,
  type ContestJob,
} from '../../../../src/features/contests/domain/reminders.ts';
import { makeContest } from '../fixtures.ts';

// 09:00 New York on Monday 2 March 2026 (UTC-5).
const START = new Date('2026-03-02T14:00:00Z');
const contestOf = (lengthMs: number) =>
  makeContest({ window: { start: START, end: new Date(START.getTime() + lengthMs) } });
const summary = (jobs: ContestJob[]) => jobs.map((job) => `${job.kind}@${job.runAt.toISOString()}`);

describe('scheduleContestJobs', () => {
  it('1 hour: start, half-way, end (24 h and 1 h left collapse into the start)', () => {
    expect(summary(scheduleContestJobs(contestOf(HOUR_MS)))).toEqual([
      'start@2026-03-02T14:00:00.000Z',
      'halfway@2026-03-02T14:30:00.000Z',
      'end@2026-03-02T15:00:00.000Z',
    ]);
  });

  it('1 day: half-way, 1 h left; no 24 h left; daily standings at 09:00 local skip the kick-off', () => {
    // Starts at 09:00 local, so the only 09:00 inside the window would be the start itself.
    expect(summary(scheduleContestJobs(contestOf(DAY_MS)))).toEqual([
      'start@2026-03-02T14:00:00.000Z',
      'halfway@2026-03-03T02:00:00.000Z',
      '1h-left@2026-03-03T13:00:00.000Z',
      'end@2026-03-03T14:00:00.000Z',
    ]);
  });

  it('30 days: all reminders, and daily 09:00 posts that follow the DST change', () => {
    const jobs = scheduleContestJobs(contestOf(30 * DAY_MS));
    const kinds = jobs.map((job) => job.kind);
    expect(kinds.filter((kind) => kind !== 'daily-standings')).toEqual([
      'start',
      'halfway',
      '24h-left',
      '1h-left',
      'end',
    ]);
    const daily = jobs.filter((job) => job.kind === 'daily-standings');
    // Mar 3 .. Mar 31 at 09:00 local (Apr 1 09:00 is the end) = 29 posts.
    expect(daily).toHaveLength(29);
    expect(daily[0]?.runAt.toISOString()).toBe('2026-03-03T14:00:00.000Z');
    // After 8 March New York is UTC-4, so 09:00 local is 13:00 UTC.
    expect(daily.at(-1)?.runAt.toISOString()).toBe('2026-03-31T13:00:00.000Z');
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(jobs.length);
  });

  it('uses deterministic BullMQ-safe ids', () => {
    const jobs = scheduleContestJobs(contestOf(3 * DAY_MS));
    for (const job of jobs) {
      expect(job.jobId).not.toContain(':');
      expect(job.jobId).not.toMatch(/^\d+$/);
    }
    expect(jobs.map((job) => job.jobId)).toContain('contest-ctest01-halfway');
    expect(jobs.map((job) => job.jobId)).toContain('contest-ctest01-daily-standings-20260303');
    expect(scheduleContestJobs(contestOf(3 * DAY_MS))).toEqual(jobs);
  });

  it('drops due jobs given now, but keeps the end', () => {
    const now = new Date(START.getTime() + 2 * DAY_MS - HOUR_MS);
    const jobs = scheduleContestJobs(contestOf(3 * DAY_MS), { now });
    expect(jobs.every((job) => job.runAt > now || job.kind === 'end')).toBe(true);
    expect(jobs.map((job) => job.kind)).toContain('24h-left');
  });

  it('skips daily standings when the cadence turns them off', () => {
    const contest = makeContest({ cadence: { dailyStandingsAt: null } });
    expect(scheduleContestJobs(contest).some((job) => job.kind === 'daily-standings')).toBe(false);
  });
});

describe('rescheduleJobs', () => {
  it('moves the jobs an extension changes and adds the new ones', () => {
    const before = scheduleContestJobs(contestOf(DAY_MS));
    const after = scheduleContestJobs(contestOf(2 * DAY_MS));
    const { remove, add } = rescheduleJobs(before, after);
    expect(remove.map((job) => job.kind).sort()).toEqual(['1h-left', 'end', 'halfway']);
    // Over two days half-way is also 24 h left and 09:00 next day, so both fold into half-way.
    expect(add.map((job) => job.kind).sort()).toEqual(['1h-left', 'end', 'halfway']);
    expect(after.map((job) => job.kind)).not.toContain('24h-left');
  });
});
