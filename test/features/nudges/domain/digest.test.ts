import { describe, expect, it } from 'vitest';
import {
  digestJobId,
  digestWindowId,
  escalationJobId,
  mayDeliverDigest,
  planEscalations,
  selectDigestLeads,
  selectEscalationsFor,
  type ClockedLead,
} from '../../../../src/features/nudges/domain/digest.ts';
import type { LeadClock } from '../../../../src/shared/sla/lead-clock.ts';
import { defaultSlaPolicy, slaPolicySchema } from '../../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeLead, makeUser, userId } from '../fixtures.ts';

const policy = defaultSlaPolicy();
const NY = 'America/New_York';

function clocked(n: number, clock: Partial<LeadClock>, ownerId = userId(1)): ClockedLead {
  return {
    lead: makeLead({ Id: leadId(n), OwnerId: ownerId }),
    clock: {
      state: 'on-track',
      kind: 'first-touch',
      dueAt: at('2026-11-24T20:00:00Z'),
      overdueByBusinessHours: 0,
      dueInBusinessHours: 3,
      slaHours: 4,
      escalate: false,
      nudge: false,
      firstTouchAt: null,
      lastTouchAt: null,
      ...clock,
    },
  };
}

const overdue = (n: number, by: number, extra: Partial<LeadClock> = {}, owner?: string) =>
  clocked(
    n,
    { state: 'overdue', overdueByBusinessHours: by, dueInBusinessHours: 0, nudge: true, ...extra },
    owner,
  );
const dueSoon = (n: number, dueAt: string) =>
  clocked(n, { state: 'due-soon', dueAt: at(dueAt), nudge: true });

describe('selectDigestLeads', () => {
  it('lists overdue leads (most overdue first), then due-soon (soonest first), skipping the rest', () => {
    const selection = selectDigestLeads(
      [
        dueSoon(1, '2026-11-24T20:00:00Z'),
        overdue(2, 1),
        clocked(3, {}),
        overdue(4, 9),
        dueSoon(5, '2026-11-24T19:00:00Z'),
        overdue(6, 30, { nudge: false, snoozedUntil: at('2026-11-30T00:00:00Z') }),
        clocked(7, { state: 'closed' }),
      ],
      policy,
    );
    expect(selection.leads.map((l) => l.lead.Id)).toEqual([leadId(4), leadId(2), leadId(5), leadId(1)]);
    expect(selection).toMatchObject({ moreCount: 0, overdueCount: 2, dueSoonCount: 2 });
  });

  it('keeps the top N and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => overdue(i + 1, i));
    const selection = selectDigestLeads(many, slaPolicySchema.parse({ nudges: { topLeads: 10 } }));
    expect(selection.leads).toHaveLength(10);
    expect(selection.leads[0]?.clock.overdueByBusinessHours).toBe(24);
    expect(selection.moreCount).toBe(15);
  });
});

describe('mayDeliverDigest', () => {
  // Tue 2026-11-24 10:00 EST
  const now = at('2026-11-24T15:00:00Z');
  const base = { now, repTimeZone: NY, policy, sentToday: 0, lastSentAt: null };

  it('allows a first digest inside working hours', () => {
    expect(mayDeliverDigest(base)).toEqual({ ok: true });
  });

  it("refuses outside the rep's working hours, in their time zone", () => {
    expect(mayDeliverDigest({ ...base, now: at('2026-11-24T23:30:00Z') })).toEqual({
      ok: false,
      reason: 'outside-working-hours',
    });
    // 10:00 in New York is 07:00 in Los Angeles
    expect(mayDeliverDigest({ ...base, repTimeZone: 'America/Los_Angeles' })).toMatchObject({
      reason: 'outside-working-hours',
    });
    const anyTime = slaPolicySchema.parse({ nudges: { onlyDuringWorkingHours: false } });
    expect(mayDeliverDigest({ ...base, policy: anyTime, now: at('2026-11-24T23:30:00Z') })).toEqual({
      ok: true,
    });
  });

  it('refuses during configured quiet hours', () => {
    const lunch = slaPolicySchema.parse({ nudges: { quietHours: { start: '12:00', end: '13:00' } } });
    expect(mayDeliverDigest({ ...base, policy: lunch, now: at('2026-11-24T17:30:00Z') })).toMatchObject({
      reason: 'quiet-hours',
    });
    expect(mayDeliverDigest({ ...base, policy: lunch })).toEqual({ ok: true });
  });

  it('enforces the daily cap and one digest per window', () => {
    expect(mayDeliverDigest({ ...base, sentToday: 3 })).toMatchObject({ reason: 'daily-cap-reached' });
    expect(mayDeliverDigest({ ...base, sentToday: 2 })).toEqual({ ok: true });
    expect(mayDeliverDigest({ ...base, sentToday: 1, lastSentAt: at('2026-11-24T14:59:59Z') })).toEqual({
      ok: true,
    });
    const sameWindow = { ...base, now: at('2026-11-24T15:29:00Z'), lastSentAt: at('2026-11-24T15:16:00Z') };
    expect(mayDeliverDigest(sameWindow)).toMatchObject({ reason: 'already-sent-this-window' });
  });
});

describe('window and job ids', () => {
  it('floors to the window in UTC', () => {
    expect(digestWindowId(at('2026-11-24T14:15:00Z'), policy)).toBe('2026-11-24T14-15');
    expect(digestWindowId(at('2026-11-24T14:29:59.999Z'), policy)).toBe('2026-11-24T14-15');
    expect(digestWindowId(at('2026-11-24T14:30:00Z'), policy)).toBe('2026-11-24T14-30');
    const hourly = slaPolicySchema.parse({ nudges: { digestWindowMinutes: 60 } });
    expect(digestWindowId(at('2026-01-02T03:59:00Z'), hourly)).toBe('2026-01-02T03-00');
  });

  it('builds BullMQ-safe job ids: no colon, never all digits, deterministic', () => {
    const windowId = digestWindowId(at('2026-11-24T14:20:00Z'), policy);
    const id = digestJobId('U0DEMOREP01', windowId);
    expect(id).toBe('digest-U0DEMOREP01-2026-11-24T14-15');
    expect(digestJobId('U0DEMOREP01', windowId)).toBe(id);
    for (const jobId of [
      id,
      digestJobId('a:b', 'c:d'),
      digestJobId('12345', '678'),
      escalationJobId(userId(3), windowId),
    ]) {
      expect(jobId).not.toContain(':');
      expect(jobId).not.toMatch(/^\d+$/);
    }
    expect(digestJobId('a:b', 'w')).not.toBe(digestJobId('a:c', 'w'));
  });
});

describe('escalations', () => {
  const manager = userId(10);
  const users = [
    makeUser({ Id: userId(1), ManagerId: manager }),
    makeUser({ Id: userId(2), ManagerId: manager }),
    makeUser({ Id: userId(3), ManagerId: null }),
    makeUser({ Id: manager, ManagerId: userId(20) }),
  ];

  it("groups escalated leads by the owner's manager, one batch per manager", () => {
    const candidates = [
      overdue(1, 10, { escalate: true }, userId(1)),
      overdue(2, 20, { escalate: true }, userId(2)),
      overdue(3, 5, { escalate: false }, userId(1)),
      overdue(4, 12, { escalate: true }, userId(3)),
      overdue(5, 40, { escalate: true, nudge: false }, manager),
    ];
    const plan = planEscalations(candidates, users);
    expect(plan.batches.map((b) => [b.managerId, b.leads.map((l) => l.lead.Id)])).toEqual([
      [manager, [leadId(2), leadId(1)]],
      [userId(20), [leadId(5)]],
    ]);
    expect(plan.unrouted.map((l) => l.lead.Id)).toEqual([leadId(4)]);
    expect(selectEscalationsFor(manager.slice(0, 15), candidates, users)).toHaveLength(2);
  });
});
