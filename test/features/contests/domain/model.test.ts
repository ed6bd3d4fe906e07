import { describe, expect, it } from 'vitest';
import { draftToContest, type ContestDraft } from '../../../../src/features/contests/domain/draft.ts';
import {
  parseContestDuration,
  parseDuration,
  formatDuration,
} from '../../../../src/features/contests/domain/duration.ts';
import {
  cancelContest,
  contestSchema,
  DAY_MS,
  defaultCadence,
  editContest,
  endContest,
  extendContest,
  HOUR_MS,
  isContestId,
  newContestId,
  startContest,
  type Contest,
  type TransitionResult,
} from '../../../../src/features/contests/domain/model.ts';
import { ANA, makeContest } from '../fixtures.ts';

const START = new Date('2026-03-02T14:00:00Z');
const unwrap = (result: TransitionResult): Contest => {
  if (!result.ok) throw new Error(result.error);
  return result.contest;
};
const scheduled = () =>
  makeContest({
    status: 'scheduled',
    startedAt: undefined,
    participants: { kind: 'channel_members', channelId: 'C0SALES01', userIds: [] },
  });

describe('contest ids', () => {
  it('are BullMQ-safe: no colon, never all digits', () => {
    const id = newContestId(new Date('2026-03-02T14:00:00Z'), () => 0.5);
    expect(id).toMatch(/^c[a-z0-9]+$/);
    expect(isContestId(id)).toBe(true);
    expect(isContestId('12345')).toBe(false);
    expect(isContestId('c1:2')).toBe(false);
  });

  it('schema rejects windows under 1 hour or over 30 days and bad names', () => {
    expect(() =>
      makeContest({ window: { start: START, end: new Date(START.getTime() + 59 * 60_000) } }),
    ).toThrow();
    expect(() =>
      makeContest({ window: { start: START, end: new Date(START.getTime() + 31 * DAY_MS) } }),
    ).toThrow();
    expect(() => makeContest({ name: 'x'.repeat(81) })).toThrow();
    expect(() => makeContest({ timeZone: 'Mars/Olympus' })).toThrow();
    expect(contestSchema.safeParse(JSON.parse(JSON.stringify(makeContest()))).success).toBe(true);
  });
});

describe('transitions', () => {
  it('scheduled -> running snapshots the roster', () => {
    const running = unwrap(startContest(scheduled(), START, [ANA, ANA]));
    expect(running.status).toBe('running');
    expect(running.participants.userIds).toEqual([ANA]);
    expect(running.startedAt).toEqual(START);
  });

  it('refuses to start early, twice, with nobody, or after the window', () => {
    expect(startContest(scheduled(), new Date(START.getTime() - HOUR_MS), [ANA]).ok).toBe(false);
    expect(startContest(scheduled(), START, []).ok).toBe(false);
    expect(startContest(scheduled(), new Date('2026-03-06T00:00:00Z'), [ANA]).ok).toBe(false);
    expect(startContest(makeContest(), START).ok).toBe(false);
  });

  it('running -> ended, early end sets the cut-off to now', () => {
    const now = new Date('2026-03-03T00:00:00Z');
    const ended = unwrap(endContest(makeContest(), now));
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).toEqual(now);
    expect(endContest(ended, now).ok).toBe(false);
    expect(endContest(scheduled(), now).ok).toBe(false);
  });

  it('scheduled or running -> cancelled; nothing leaves ended or cancelled', () => {
    expect(unwrap(cancelContest(scheduled(), START)).status).toBe('cancelled');
    const cancelled = unwrap(cancelContest(makeContest(), START));
    expect(cancelContest(cancelled, START).ok).toBe(false);
    expect(startContest(cancelled, START).ok).toBe(false);
    const ended = unwrap(endContest(makeContest(), START));
    expect(cancelContest(ended, START).ok).toBe(false);
    expect(extendContest(ended, HOUR_MS, START).ok).toBe(false);
  });

  it('extends within the 30-day cap and names the room left', () => {
    const contest = makeContest(); // 3 days
    expect(unwrap(extendContest(contest, 2 * DAY_MS, START)).window.end).toEqual(
      new Date('2026-03-07T14:00:00Z'),
    );
    expect(unwrap(extendContest(contest, 27 * DAY_MS, START)).window.end.getTime() - START.getTime()).toBe(
      30 * DAY_MS,
    );
    const tooLong = extendContest(contest, 27 * DAY_MS + HOUR_MS, START);
    expect(tooLong).toEqual({ ok: false, error: expect.stringContaining('at most 648h') });
    expect(extendContest(contest, 0, START).ok).toBe(false);
    expect(extendContest(contest, HOUR_MS, new Date('2026-03-05T14:00:00Z')).ok).toBe(false);
  });

  it('locks name, metric and scope once running; prize and end may still change', () => {
    const running = makeContest();
    expect(editContest(running, { name: 'Other' })).toEqual({
      ok: false,
      error: expect.stringContaining('name'),
    });
    expect(editContest(running, { metric: 'calls' }).ok).toBe(false);
    expect(editContest(running, { scope: { kind: 'all' } }).ok).toBe(false);
    expect(unwrap(editContest(running, { prize: 'Pizza' })).prize).toBe('Pizza');
    expect(unwrap(editContest(scheduled(), { name: 'Renamed', metric: 'calls' })).metric).toBe('calls');
  });
});

describe('draftToContest', () => {
  const draft: ContestDraft = {
    name: 'Blitz',
    metric: 'followups',
    wonBy: 'count',
    durationMs: 3 * DAY_MS,
    startAt: null,
    channel: { kind: 'id', id: 'C0SALES01' },
    participants: { kind: 'users', userIds: [ANA] },
    teamUsergroupIds: [],
    scope: { kind: 'all' },
    cadence: defaultCadence(),
  };
  const resolution = {
    id: 'cabc123',
    createdBy: 'U0BOSS001',
    now: START,
    timeZone: 'Europe/Paris',
    channelId: 'C0SALES01',
  };

  it('builds a scheduled contest starting now', () => {
    const result = draftToContest(draft, resolution);
    expect(result.ok && result.contest.window).toEqual({
      start: START,
      end: new Date(START.getTime() + 3 * DAY_MS),
    });
    expect(result.ok && result.contest.status).toBe('scheduled');
  });

  it('rejects a start in the past', () => {
    expect(draftToContest({ ...draft, startAt: new Date(START.getTime() - DAY_MS) }, resolution).ok).toBe(
      false,
    );
  });
});

describe('durations', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['1h', HOUR_MS],
    ['3d', 3 * DAY_MS],
    ['2w', 14 * DAY_MS],
    ['1d12h', 36 * HOUR_MS],
    ['2H30M', 150 * 60_000],
    ['4hours', 4 * HOUR_MS],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['0', 'no unit'],
    ['0h', 'zero'],
    ['-1h', 'negative'],
    ['abc', "couldn't read"],
    ['3x', "'x' is not a unit"],
    ['1h2h', 'twice'],
    ['', 'no duration'],
    ['1.5h', "couldn't read"],
  ])('rejects %s with a precise error', (text, fragment) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(fragment);
  });

  it('contest durations are 1 hour to 30 days', () => {
    expect(parseContestDuration('31d')).toEqual({
      ok: false,
      error: expect.stringContaining('longer than 30 days'),
    });
    expect(parseContestDuration('30m')).toEqual({
      ok: false,
      error: expect.stringContaining('shorter than 1 hour'),
    });
    expect(parseContestDuration('30d')).toEqual({ ok: true, ms: 30 * DAY_MS });
    expect(parseContestDuration('5w').ok).toBe(false);
  });

  it('formats for people', () => {
    expect(formatDuration(36 * HOUR_MS + 5 * 60_000)).toBe('1d 12h 5m');
    expect(formatDuration(30_000)).toBe('less than a minute');
  });
});
