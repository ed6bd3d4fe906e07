import { describe, expect, it } from 'vitest';
import { classifyLead, qualifyingTouches, type LeadFacts } from '../../../src/shared/sla/lead-clock.ts';
import { defaultSlaPolicy, slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import type { Lead } from '../../../src/platform/salesforce/records.ts';
import {
  at,
  leadId,
  makeEvent,
  makeLead,
  makeTask,
  sfDateTime,
  userId,
} from '../../features/nudges/fixtures.ts';

const NY = 'America/New_York';
const policy = defaultSlaPolicy();
const L = leadId(1);
// Mon 2026-11-23 09:00 EST; Web leads are due 4 business hours later, at 13:00 EST (18:00Z).
const webLead = makeLead({ Id: L, LeadSource: 'Web', CreatedDate: sfDateTime('2026-11-23T14:00:00Z') });

const classify = (facts: Partial<LeadFacts> & { lead?: Lead }, now: string, p = policy) =>
  classifyLead({ lead: webLead, touches: [], ...facts }, { ownerTimeZone: NY, policy: p, now: at(now) });

describe('first-touch clock', () => {
  it('moves from on-track to due-soon at 80% of the SLA, then overdue', () => {
    const early = classify({}, '2026-11-23T17:00:00Z'); // 3h of 4h elapsed
    expect(early).toMatchObject({ state: 'on-track', kind: 'first-touch', slaHours: 4, nudge: false });
    expect(early.dueAt).toEqual(at('2026-11-23T18:00:00Z'));
    expect(early.dueInBusinessHours).toBe(1);

    expect(classify({}, '2026-11-23T17:15:00Z')).toMatchObject({ state: 'due-soon', nudge: true }); // 3.25h

    const late = classify({}, '2026-11-23T18:30:00Z');
    expect(late).toMatchObject({
      state: 'overdue',
      overdueByBusinessHours: 0.5,
      escalate: false,
      nudge: true,
    });
  });

  it('escalates only when overdue by more than 2x the SLA (8 business hours for Web)', () => {
    // Due Mon 13:00; 8 business hours overdue is Tue 13:00 EST (18:00Z)
    expect(classify({}, '2026-11-24T17:00:00Z')).toMatchObject({
      overdueByBusinessHours: 7,
      escalate: false,
    });
    expect(classify({}, '2026-11-24T18:00:00Z')).toMatchObject({
      overdueByBusinessHours: 8,
      escalate: false,
    });
    expect(classify({}, '2026-11-24T18:30:00Z')).toMatchObject({
      overdueByBusinessHours: 8.5,
      escalate: true,
    });
  });

  it('uses the SLA of the lead source, case-insensitively, with a default', () => {
    const withSource = (LeadSource: string | null) =>
      classify({ lead: { ...webLead, LeadSource } }, '2026-11-23T15:00:00Z').slaHours;
    expect(withSource('Trade Show')).toBe(48);
    expect(withSource('partner referral')).toBe(8);
    expect(withSource('Cold Call')).toBe(24);
    expect(withSource(null)).toBe(24);
    const custom = slaPolicySchema.parse({ firstTouch: { hoursBySource: { Web: 1 }, defaultHours: 10 } });
    expect(classify({}, '2026-11-23T15:30:00Z', custom)).toMatchObject({ state: 'overdue', slaHours: 1 });
  });

  it('starts the clock Monday 09:00 for a lead created Friday 18:00', () => {
    const lead = { ...webLead, CreatedDate: sfDateTime('2026-11-20T23:00:00Z') };
    const clock = classify({ lead }, '2026-11-23T15:00:00Z');
    expect(clock.dueAt).toEqual(at('2026-11-23T18:00:00Z'));
    expect(clock.state).toBe('on-track');
  });
});

describe('touches', () => {
  const call = (overrides: Parameters<typeof makeTask>[0]) =>
    makeTask({ OwnerId: webLead.OwnerId, ...overrides });

  it('counts completed calls/emails and events by the owner, nothing else', () => {
    const touches = qualifyingTouches(
      webLead,
      [
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:00:00Z') }),
        call({
          WhoId: L,
          CreatedDate: sfDateTime('2026-11-23T15:05:00Z'),
          TaskSubtype: 'Task',
          Type: 'Email',
        }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:10:00Z'), Status: 'Not Started' }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:15:00Z'), OwnerId: userId(99) }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:20:00Z'), IsDeleted: true }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:25:00Z'), TaskSubtype: 'Task' }),
        call({ WhoId: leadId(2), CreatedDate: sfDateTime('2026-11-23T15:30:00Z') }),
        call({ WhoId: L.slice(0, 15), CreatedDate: sfDateTime('2026-11-23T14:30:00Z') }),
      ],
      [makeEvent({ WhoId: L, OwnerId: webLead.OwnerId, CreatedDate: sfDateTime('2026-11-23T16:00:00Z') })],
      policy,
    );
    expect(touches.map((t) => [t.kind, t.at.toISOString()])).toEqual([
      ['call', '2026-11-23T14:30:00.000Z'],
      ['call', '2026-11-23T15:00:00.000Z'],
      ['email', '2026-11-23T15:05:00.000Z'],
      ['meeting', '2026-11-23T16:00:00.000Z'],
    ]);
  });

  it('does not count a call whose outcome does not stop the clock; a call with no outcome still counts', () => {
    const touches = qualifyingTouches(
      webLead,
      [
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:00:00Z'), CallDisposition: 'Wrong number' }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:05:00Z'), CallDisposition: 'no answer' }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:10:00Z'), CallDisposition: null }),
        call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:15:00Z'), CallDisposition: 'Org value' }),
      ],
      [],
      policy,
    );
    expect(touches.map((t) => t.at.toISOString())).toEqual([
      '2026-11-23T15:05:00.000Z',
      '2026-11-23T15:10:00.000Z',
      '2026-11-23T15:15:00.000Z',
    ]);
    const wrongOnly = qualifyingTouches(
      webLead,
      [call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:00:00Z'), CallDisposition: 'Wrong number' })],
      [],
      policy,
    );
    expect(classify({ touches: wrongOnly }, '2026-11-23T18:30:00Z')).toMatchObject({
      state: 'overdue',
      kind: 'first-touch',
    });
    const strict = slaPolicySchema.parse({
      callOutcomes: [{ name: 'No answer', stopsClock: false, scores: false }],
    });
    const noAnswer = [
      call({ WhoId: L, CreatedDate: sfDateTime('2026-11-23T15:05:00Z'), CallDisposition: 'No answer' }),
    ];
    expect(qualifyingTouches(webLead, noAnswer, [], strict)).toEqual([]);
  });

  it('moves a touched lead to the follow-up cadence from its last touch', () => {
    // Last touch Mon 10:00 EST; 3 business days = 24h -> due Thu 2026-11-26 10:00 EST (15:00Z)
    const touches = [{ at: at('2026-11-23T15:00:00Z'), kind: 'call' as const }];
    const lead = { ...webLead, Status: 'Working - Contacted' };
    const fine = classify({ lead, touches }, '2026-11-24T15:00:00Z');
    expect(fine).toMatchObject({ state: 'touched-ok', kind: 'follow-up', slaHours: 24 });
    expect(fine.dueAt).toEqual(at('2026-11-26T15:00:00Z'));
    // due soon after 19.2h: Mon 7h + Tue 8h + Wed 4.2h -> Wed 13:12 EST
    expect(classify({ lead, touches }, '2026-11-25T18:00:00Z').state).toBe('touched-ok');
    expect(classify({ lead, touches }, '2026-11-25T18:15:00Z').state).toBe('due-soon');
    expect(classify({ lead, touches }, '2026-11-26T16:00:00Z')).toMatchObject({
      state: 'overdue',
      kind: 'follow-up',
      overdueByBusinessHours: 1,
    });
  });

  it('counts a status change out of untouched as the first touch', () => {
    const lead = { ...webLead, Status: 'Working - Contacted' };
    const known = classify({ lead, firstStatusChangeAt: at('2026-11-23T15:00:00Z') }, '2026-11-23T19:00:00Z');
    expect(known).toMatchObject({ state: 'touched-ok', kind: 'follow-up' });
    expect(known.firstTouchAt).toEqual(at('2026-11-23T15:00:00Z'));
    // Time unknown: SystemModstamp is the (pessimistic) upper bound
    const guessed = classify(
      { lead: { ...lead, SystemModstamp: sfDateTime('2026-11-23T16:30:00Z') } },
      '2026-11-23T19:00:00Z',
    );
    expect(guessed.firstTouchAt).toEqual(at('2026-11-23T16:30:00Z'));
    expect(guessed.kind).toBe('follow-up');
  });

  it('ignores touches after now', () => {
    const touches = [{ at: at('2026-11-23T20:00:00Z'), kind: 'call' as const }];
    expect(classify({ touches }, '2026-11-23T19:00:00Z')).toMatchObject({
      kind: 'first-touch',
      state: 'overdue',
    });
  });
});

describe('closed leads and snooze', () => {
  it('reports converted, deleted and closed-status leads as closed', () => {
    for (const lead of [
      { ...webLead, IsConverted: true, Status: 'Closed - Converted' },
      { ...webLead, IsDeleted: true },
      { ...webLead, Status: 'Closed - Not Converted' },
    ]) {
      expect(classify({ lead }, '2026-11-25T18:00:00Z')).toMatchObject({
        state: 'closed',
        dueAt: null,
        escalate: false,
        nudge: false,
      });
    }
  });

  it('mutes the digest while snoozed but keeps the true state and escalation', () => {
    const snoozed = classify({ snoozedUntil: at('2026-11-27T14:00:00Z') }, '2026-11-24T19:00:00Z');
    expect(snoozed).toMatchObject({ state: 'overdue', nudge: false, escalate: true });
    expect(snoozed.snoozedUntil).toEqual(at('2026-11-27T14:00:00Z'));

    const ended = classify({ snoozedUntil: at('2026-11-24T14:00:00Z') }, '2026-11-24T19:00:00Z');
    expect(ended).toMatchObject({ state: 'overdue', nudge: true });
    expect(ended.snoozedUntil).toBeUndefined();
  });
});
