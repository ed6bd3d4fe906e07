import { describe, expect, it } from 'vitest';
import { classifyLead, firstTouchDueAt, type LeadFacts } from '../../../src/shared/sla/lead-clock.ts';
import { firstTouchByAnyoneAt, touchesByAnyone } from '../../../src/shared/sla/lead-level.ts';
import { defaultSlaPolicy } from '../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeLead, makeTask, sfDateTime, userId } from '../../features/nudges/fixtures.ts';

const NY = 'America/New_York';
const policy = defaultSlaPolicy();
const L = leadId(1);
const PREVIOUS = userId(1);
const OWNER = userId(2);
// Created Mon 2026-11-23 09:00 EST by PREVIOUS; given to OWNER Wed 2026-11-25 10:00 EST (15:00Z).
const lead = makeLead({
  Id: L,
  OwnerId: OWNER,
  LeadSource: 'Web',
  CreatedDate: sfDateTime('2026-11-23T14:00:00Z'),
  SystemModstamp: sfDateTime('2026-11-25T15:00:00Z'),
});
const assignedAt = at('2026-11-25T15:00:00Z');

const classify = (facts: Partial<LeadFacts>, now: string) =>
  classifyLead({ lead, touches: [], ...facts }, { ownerTimeZone: NY, policy, now: at(now) });

describe("the owner's clock starts at their assignment", () => {
  it('is due 4 business hours after the reassignment, not after CreatedDate', () => {
    expect(classify({}, '2026-11-25T15:01:00Z').state).toBe('overdue'); // the old CreatedDate clock
    const clock = classify({ assignedAt }, '2026-11-25T15:01:00Z');
    expect(clock).toMatchObject({ state: 'on-track', kind: 'first-touch' });
    expect(clock.dueAt).toEqual(at('2026-11-25T19:00:00Z'));
    expect(classify({ assignedAt }, '2026-11-25T19:30:00Z')).toMatchObject({
      state: 'overdue',
      overdueByBusinessHours: 0.5,
    });
    expect(firstTouchDueAt(lead, NY, policy, assignedAt)).toEqual(at('2026-11-25T19:00:00Z'));
    expect(firstTouchDueAt(lead, NY, policy)).toEqual(at('2026-11-23T18:00:00Z'));
  });

  it("counts only the owner's own touches since the assignment", () => {
    const before = { at: at('2026-11-24T15:00:00Z'), kind: 'call' as const };
    const after = { at: at('2026-11-25T16:00:00Z'), kind: 'call' as const };
    expect(classify({ assignedAt, touches: [before] }, '2026-11-25T16:30:00Z')).toMatchObject({
      kind: 'first-touch',
      firstTouchAt: null,
    });
    expect(classify({ assignedAt, touches: [before, after] }, '2026-11-25T16:30:00Z')).toMatchObject({
      kind: 'follow-up',
      firstTouchAt: after.at,
    });
  });

  it('a lead already worked before the assignment is on the follow-up cadence from the assignment', () => {
    const worked = { ...lead, Status: 'Working - Contacted' };
    const clock = classifyLead(
      { lead: worked, touches: [], assignedAt, firstStatusChangeAt: at('2026-11-23T15:00:00Z') },
      { ownerTimeZone: NY, policy, now: at('2026-11-25T16:00:00Z') },
    );
    expect(clock).toMatchObject({ kind: 'follow-up', state: 'touched-ok', lastTouchAt: assignedAt });
  });
});

describe('the lead-level first touch counts anyone', () => {
  it("includes the previous owner's call, and ignores the assignment", () => {
    const tasks = [
      makeTask({ WhoId: L, OwnerId: PREVIOUS, CreatedDate: sfDateTime('2026-11-23T15:00:00Z') }),
      makeTask({ WhoId: L, OwnerId: OWNER, CreatedDate: sfDateTime('2026-11-25T16:00:00Z') }),
      makeTask({ WhoId: leadId(2), OwnerId: PREVIOUS, CreatedDate: sfDateTime('2026-11-23T14:30:00Z') }),
    ];
    const touches = touchesByAnyone(lead, tasks, [], policy);
    expect(touches.map((t) => t.at.toISOString())).toEqual([
      '2026-11-23T15:00:00.000Z',
      '2026-11-25T16:00:00.000Z',
    ]);
    const facts: LeadFacts = { lead, touches: touches.slice(1), leadTouches: touches, assignedAt };
    expect(firstTouchByAnyoneAt(facts, policy, at('2026-11-26T00:00:00Z'))).toEqual(
      at('2026-11-23T15:00:00Z'),
    );
  });
});
