import { describe, expect, it } from 'vitest';
import { scoreActivities } from '../../../../src/features/contests/domain/scoring.ts';
import type { ScoringContext, ScoringTask } from '../../../../src/features/contests/domain/scoring-types.ts';
import { ANA, makeContest, makeLead, makeTask, SF_ANA, slackUserFor } from '../fixtures.ts';

/*
 * A contest is an interval of instants; a rep dates a Task (ActivityDate) in their own time zone,
 * which need not be the manager's (the contest's). Ana plays from Los Angeles (UTC-8 in early March
 * 2026), or from Berlin (UTC+1); the manager runs the contest from New York (UTC-5).
 */

const LA = 'America/Los_Angeles';
const BERLIN = 'Europe/Berlin';

function score(
  window: { start: string; end: string },
  task: Partial<ScoringTask>,
  anaTimeZone: string | null,
): number {
  const contest = makeContest({ window, timeZone: 'America/New_York', startedAt: window.start });
  const context: ScoringContext = {
    now: new Date(window.end),
    slackUserFor,
    firstTouchDueAt: () => null,
    ...(anaTimeZone === null ? {} : { timeZoneFor: (id: string) => (id === SF_ANA ? anaTimeZone : null) }),
  };
  const entries = scoreActivities(contest, { leads: [makeLead(1)], tasks: [makeTask(1, task)] }, context);
  return entries.filter((entry) => entry.repId === ANA).reduce((sum, entry) => sum + entry.points, 0);
}

describe('contest scoring across time zones', () => {
  it('scores a Los Angeles rep who calls at 19:30 local after a 22:00 New York start', () => {
    // 22:00 Tue 3 March in New York is 03:00Z Wed; the call at 19:30 Tue in Los Angeles is 03:30Z.
    const window = { start: '2026-03-04T03:00:00Z', end: '2026-03-04T05:00:00Z' };
    expect(
      score(window, { CreatedDate: '2026-03-04T03:30:00.000+0000', ActivityDate: '2026-03-03' }, LA),
    ).toBe(1);
  });

  it('scores a Los Angeles rep who calls on their Tuesday evening after a start past midnight in New York', () => {
    // 00:30 Wed 4 March in New York is 05:30Z, 21:30 Tue in Los Angeles; Ana calls at 21:45 her time
    // and Salesforce dates the call Tuesday: still in the contest.
    const window = { start: '2026-03-04T05:30:00Z', end: '2026-03-04T07:30:00Z' };
    expect(
      score(window, { CreatedDate: '2026-03-04T05:45:00.000+0000', ActivityDate: '2026-03-03' }, LA),
    ).toBe(1);
    // Without a known zone for the rep, only a date before the start everywhere is backdating.
    expect(
      score(window, { CreatedDate: '2026-03-04T05:45:00.000+0000', ActivityDate: '2026-03-03' }, null),
    ).toBe(1);
  });

  it('still refuses a call backdated before the start in the rep’s own zone', () => {
    const window = { start: '2026-03-04T05:30:00Z', end: '2026-03-04T07:30:00Z' };
    // Monday in Los Angeles is before the contest began (Tuesday 21:30 there).
    expect(
      score(window, { CreatedDate: '2026-03-04T05:45:00.000+0000', ActivityDate: '2026-03-02' }, LA),
    ).toBe(0);
    // In Berlin the start is 06:30 Wed: a call dated Tuesday there was made before it.
    expect(
      score(window, { CreatedDate: '2026-03-04T05:45:00.000+0000', ActivityDate: '2026-03-03' }, BERLIN),
    ).toBe(0);
  });

  it('refuses a Berlin rep’s backdated call that the New York start day would let through', () => {
    // 22:00 Tue in New York (03:00Z Wed) is 04:00 Wed in Berlin: a Tuesday call is from before it.
    const window = { start: '2026-03-04T03:00:00Z', end: '2026-03-04T09:00:00Z' };
    expect(
      score(window, { CreatedDate: '2026-03-04T07:00:00.000+0000', ActivityDate: '2026-03-03' }, BERLIN),
    ).toBe(0);
    expect(
      score(window, { CreatedDate: '2026-03-04T07:00:00.000+0000', ActivityDate: '2026-03-04' }, BERLIN),
    ).toBe(1);
  });

  it('counts activity in the second the contest starts', () => {
    // Launched at 14:00:00.600; Salesforce stamps instants to the second, so a call made in that
    // second (even a little after the launch) reads 14:00:00.000.
    const window = { start: '2026-03-02T14:00:00.600Z', end: '2026-03-02T16:00:00Z' };
    expect(
      score(window, { CreatedDate: '2026-03-02T14:00:00.000+0000', ActivityDate: '2026-03-02' }, LA),
    ).toBe(1);
    // The second before still does not count.
    expect(score(window, { CreatedDate: '2026-03-02T13:59:59.000+0000' }, LA)).toBe(0);
  });
});
