import { describe, expect, it } from 'vitest';
import { scoreActivities } from '../../../../src/features/contests/domain/scoring.ts';
import type { ScoringContext } from '../../../../src/features/contests/domain/scoring-types.ts';
import type { Lead } from '../../../../src/platform/salesforce/records.ts';
import { BEN, makeContest, makeLead, makeTask, SF_ANA, SF_BEN, sfId, slackUserFor } from '../fixtures.ts';

/*
 * The contest runs Mar 2 14:00Z – Mar 5 14:00Z. L1 came in on Mar 1 as Ana's; Ana called it that day.
 * It went to Ben on Mar 3 14:00Z, and Ben called it two hours later. Ben's SLA (24 h here) runs from
 * his assignment, and only his own touches since count: a first touch within SLA, and a hit, for Ben.
 */
const L1 = sfId('00Q', 1);
const REASSIGNED = new Date('2026-03-03T14:00:00Z');
const DAY_MS = 86_400_000;
const leads = [makeLead(1, { OwnerId: SF_BEN, CreatedDate: '2026-03-01T14:00:00.000+0000' })];
const tasks = [
  makeTask(1, { OwnerId: SF_ANA, CreatedDate: '2026-03-01T15:00:00.000+0000' }),
  makeTask(2, { OwnerId: SF_BEN, CreatedDate: '2026-03-03T16:00:00.000+0000' }),
];
const assignedAt = (lead: Lead): Date | null => (lead.Id === L1 ? REASSIGNED : null);
const context: ScoringContext = {
  now: new Date('2026-03-05T14:00:00Z'),
  slackUserFor,
  assignedAt,
  firstTouchDueAt: (lead: Lead) =>
    new Date((assignedAt(lead) ?? new Date(lead.CreatedDate)).getTime() + DAY_MS),
};

describe("contest SLA metrics count from the rep's assignment", () => {
  it("first touch within SLA: the new owner's first touch since the reassignment scores", () => {
    const entries = scoreActivities(makeContest({ metric: 'first_touch_sla' }), { leads, tasks }, context);
    expect(entries.map((entry) => [entry.repId, entry.recordId, entry.at.toISOString()])).toEqual([
      [BEN, L1, '2026-03-03T16:00:00.000Z'],
    ]);
  });

  it('SLA hit rate: a lead reassigned in the window is decided by the new owner’s own touch', () => {
    const entries = scoreActivities(makeContest({ metric: 'sla_hit_rate' }), { leads, tasks }, context);
    expect(entries.map((entry) => [entry.repId, entry.rule, entry.points])).toEqual([[BEN, 'sla_hit', 1]]);
  });

  it('without owner history the clock stays at CreatedDate, as before', () => {
    const { assignedAt: _ignored, ...withoutHistory } = context;
    const plain = {
      ...withoutHistory,
      firstTouchDueAt: (lead: Lead) => new Date(new Date(lead.CreatedDate).getTime() + DAY_MS),
    };
    expect(scoreActivities(makeContest({ metric: 'sla_hit_rate' }), { leads, tasks }, plain)).toEqual([]);
  });
});
