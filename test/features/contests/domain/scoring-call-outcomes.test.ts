import { describe, expect, it } from 'vitest';
import { scoreActivities } from '../../../../src/features/contests/domain/scoring.ts';
import type { ScoringContext } from '../../../../src/features/contests/domain/scoring-types.ts';
import type { Lead } from '../../../../src/platform/salesforce/records.ts';
import { defaultSlaPolicy } from '../../../../src/shared/sla/sla-policy.ts';
import { ANA, makeContest, makeLead, makeTask, sfId, slackUserFor } from '../fixtures.ts';

/*
 * Ana's calls in the Webinar contest (2026-03-02 14:00Z .. 03-05 14:00Z), one lead per outcome so
 * that the one-point-per-lead-per-day rule does not hide anything:
 *   T1 L1 "Connected"       scores
 *   T2 L2 "Left voicemail"  scores
 *   T3 L3 "No answer"       stops the clock but scores nothing
 *   T4 L4 "Wrong number"    scores nothing
 *   T5 L5 no outcome        scores (logged in Salesforce directly)
 *   T6 L6 email             an email has no outcome: scores
 */
const leads = [1, 2, 3, 4, 5, 6].map((n) => makeLead(n, { CreatedDate: '2026-03-02T14:30:00.000+0000' }));
const at = '2026-03-02T15:00:00.000+0000';
const tasks = [
  makeTask(1, { WhoId: sfId('00Q', 1), CreatedDate: at, CallDisposition: 'Connected' }),
  makeTask(2, { WhoId: sfId('00Q', 2), CreatedDate: at, CallDisposition: 'Left voicemail' }),
  makeTask(3, { WhoId: sfId('00Q', 3), CreatedDate: at, CallDisposition: 'No answer' }),
  makeTask(4, { WhoId: sfId('00Q', 4), CreatedDate: at, CallDisposition: 'wrong number' }),
  makeTask(5, { WhoId: sfId('00Q', 5), CreatedDate: at, CallDisposition: null }),
  makeTask(6, {
    WhoId: sfId('00Q', 6),
    CreatedDate: at,
    TaskSubtype: 'Email',
    CallDisposition: 'Wrong number',
  }),
];
const context: ScoringContext = {
  now: new Date('2026-03-05T14:00:00Z'),
  slackUserFor,
  firstTouchDueAt: (lead: Lead) => new Date(new Date(lead.CreatedDate).getTime() + 24 * 3_600_000),
  callOutcomes: defaultSlaPolicy().callOutcomes,
};
const scoredTasks = (metric: 'followups' | 'calls' | 'first_touch_sla') =>
  scoreActivities(makeContest({ metric }), { leads, tasks }, context)
    .map((entry) => `${entry.repId} ${entry.recordId}`)
    .sort();

describe('contest points for logged calls follow the outcome', () => {
  it('follow-ups and calls: no points for a call whose outcome does not score', () => {
    expect(scoredTasks('followups')).toEqual([1, 2, 5, 6].map((n) => `${ANA} ${sfId('00T', n)}`));
    expect(scoredTasks('calls')).toEqual([1, 2, 5].map((n) => `${ANA} ${sfId('00T', n)}`));
  });

  it('first touch: a non-scoring call is not a first touch that earns a point', () => {
    expect(scoredTasks('first_touch_sla')).toEqual([1, 2, 5, 6].map((n) => `${ANA} ${sfId('00Q', n)}`));
  });

  it('without the policy every completed call scores, as before', () => {
    const { callOutcomes: _omitted, ...plain } = context;
    const entries = scoreActivities(makeContest({ metric: 'calls' }), { leads, tasks }, plain);
    expect(entries).toHaveLength(5);
  });
});
