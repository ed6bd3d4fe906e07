import { describe, expect, it } from 'vitest';
import { assignmentOf } from '../../../../src/features/nudges/app/assignment-alerts.ts';
import {
  alertTiming,
  assignmentKey,
  MAX_ALERT_LEADS,
  quietHoursEnd,
  selectAlertLeads,
  takesMoreLeads,
} from '../../../../src/features/nudges/domain/alert-batch.ts';
import { buildAssignmentAlert, type AlertLead } from '../../../../src/features/nudges/slack/alert-blocks.ts';
import { handledSections } from '../../../../src/features/nudges/slack/handled-blocks.ts';
import { defaultSlaPolicy, slaPolicySchema } from '../../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeLead, userId } from '../fixtures.ts';

const NY = 'America/New_York';
const policy = defaultSlaPolicy();
/** Quiet 22:00–07:00 on a round-the-clock calendar, so only quiet hours hold an alert back. */
const nightQuiet = slaPolicySchema.parse({
  nudges: { onlyDuringWorkingHours: false, quietHours: { start: '22:00', end: '07:00' } },
});

const check = (now: string, extra: Partial<Parameters<typeof alertTiming>[0]> = {}) =>
  alertTiming({
    now: at(now),
    timeZone: NY,
    policy,
    dueAt: null,
    opensMessage: true,
    sentToday: 0,
    ...extra,
  });

describe('when an assignment alert may go out', () => {
  it('goes now inside working hours with budget left', () => {
    // Tuesday 10:00 in New York.
    expect(check('2026-11-24T15:00:00Z')).toEqual({ send: true, urgent: false });
  });

  it('waits for the next working hours, unless the deadline comes first', () => {
    // Tuesday 20:00 in New York: next opening Wednesday 09:00 (14:00 UTC).
    const evening = '2026-11-25T01:00:00Z';
    expect(check(evening, { dueAt: at('2026-11-25T18:00:00Z') })).toEqual({
      send: false,
      until: at('2026-11-25T14:00:00Z'),
      reason: 'outside-working-hours',
    });
  });

  it('defers to the end of quiet hours; a lead due before they end alerts anyway', () => {
    const night = '2026-11-25T04:00:00Z'; // 23:00 in New York
    const quietEnds = at('2026-11-25T12:00:00Z'); // 07:00 in New York
    expect(check(night, { policy: nightQuiet, dueAt: at('2026-11-25T16:00:00Z') })).toEqual({
      send: false,
      until: quietEnds,
      reason: 'quiet-hours',
    });
    expect(check(night, { policy: nightQuiet, dueAt: at('2026-11-25T05:00:00Z') })).toEqual({
      send: true,
      urgent: true,
    });
    // Already overdue: a night-time ping saves nothing, so it waits with the rest.
    expect(check(night, { policy: nightQuiet, dueAt: at('2026-11-25T03:00:00Z') })).toMatchObject({
      send: false,
    });
    expect(quietHoursEnd(at(night), NY, { start: '22:00', end: '07:00' })).toEqual(quietEnds);
  });

  it('spends the daily budget only on new messages; a spent budget waits for the next day', () => {
    const morning = '2026-11-24T15:00:00Z';
    const spent = { sentToday: policy.nudges.maxDigestsPerDay };
    expect(check(morning, { ...spent, opensMessage: false })).toEqual({ send: true, urgent: false });
    expect(check(morning, spent)).toEqual({
      send: false,
      until: at('2026-11-25T14:00:00Z'),
      reason: 'daily-cap-reached',
    });
    expect(check(morning, { ...spent, dueAt: at('2026-11-24T19:00:00Z') })).toEqual({
      send: true,
      urgent: true,
    });
  });
});

describe('the open alert', () => {
  const open = { alertId: 'alert-x', openedAt: '2026-11-24T15:00:00.000Z' };
  const at29 = at('2026-11-24T15:29:00Z');
  it('takes in leads while unanswered and younger than the window', () => {
    expect(takesMoreLeads(open, { now: at29, answered: false, policy })).toBe(true);
    expect(takesMoreLeads(open, { now: at29, answered: true, policy })).toBe(false);
    expect(takesMoreLeads(open, { now: at('2026-11-24T15:30:00Z'), answered: false, policy })).toBe(false);
    expect(takesMoreLeads(null, { now: at29, answered: false, policy })).toBe(false);
  });
});

describe('which assignments alert', () => {
  const base = { leadId: leadId(1), at: '2026-11-24T15:00:00.000+0000' };
  it('alerts users, never queues, on creation and reassignment only', () => {
    expect(assignmentOf({ type: 'lead.created', ownerId: userId(1), leadSource: 'Web', ...base })).toEqual({
      leadId: leadId(1),
      ownerId: userId(1),
      assignedAt: '2026-11-24T15:00:00.000Z',
    });
    const queue = '00G000000000001AAA';
    expect(assignmentOf({ type: 'lead.created', ownerId: queue, leadSource: 'Web', ...base })).toBeNull();
    expect(assignmentOf({ type: 'lead.owner_changed', from: userId(1), to: queue, ...base })).toBeNull();
    expect(assignmentOf({ type: 'lead.owner_changed', from: queue, to: userId(2), ...base })).toMatchObject({
      ownerId: userId(2),
    });
    expect(
      assignmentOf({ type: 'lead.status_changed', ownerId: userId(1), from: 'a', to: 'b', ...base }),
    ).toBeNull();
  });

  it('keys an assignment by lead, owner and instant', () => {
    const a = { leadId: leadId(1), ownerId: userId(1), assignedAt: '2026-11-24T15:00:00.000Z' };
    expect(assignmentKey(a)).toBe(`${leadId(1)}-${userId(1)}-${Date.parse(a.assignedAt)}`);
    expect(assignmentKey({ ...a, ownerId: userId(2) })).not.toBe(assignmentKey(a));
  });
});

describe('the alert message', () => {
  const lead = (n: number): AlertLead => ({
    lead: makeLead({ Id: leadId(n), Name: `Lead ${n}` }),
    clock: {
      state: 'on-track',
      kind: 'first-touch',
      dueAt: at('2026-11-24T20:00:00Z'),
      overdueByBusinessHours: 0,
      dueInBusinessHours: 4,
      slaHours: 4,
      escalate: false,
      nudge: false,
      firstTouchAt: null,
      lastTouchAt: null,
    },
    campaign: n === 1 ? 'Spring <Webinar>' : null,
  });

  it('stays within 50 blocks however many leads arrive, newest first, with "and N more"', () => {
    const leads = Array.from({ length: 30 }, (_, i) => lead(i + 1));
    expect(selectAlertLeads(leads).shown[0]?.lead.Id).toBe(leadId(30));
    const message = buildAssignmentAlert({
      leads,
      alertId: 'alert-x',
      instanceUrl: 'https://acme.my.salesforce.com',
      policy,
      timeZone: NY,
    });
    const handled = ['failed', 'saving', undefined].map((status, i) => ({
      leadId: leadId(100 + i),
      text: 'done',
      at: '2026-11-24T15:00:00Z',
      ...(status ? { status: status as 'failed' | 'saving' } : {}),
    }));
    message.blocks.push(...handledSections(handled));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('30 new leads assigned to you');
    expect(text).toContain(`…and ${30 - MAX_ALERT_LEADS} more leads`);
    expect(text).not.toContain('Spring'); // lead 1 is the oldest: in "and N more"
  });

  it('writes the deadline in the rep time zone and escapes Salesforce text', () => {
    const message = buildAssignmentAlert({
      leads: [lead(1)],
      alertId: 'alert-x',
      instanceUrl: 'https://acme.my.salesforce.com',
      policy,
      timeZone: NY,
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Tue 24 Nov, 15:00 EST');
    expect(text).toContain('Campaign: Spring &lt;Webinar&gt;');
    expect(text).toContain(`${leadId(1)}|alert-x`);
  });
});
