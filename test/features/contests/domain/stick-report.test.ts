import { describe, expect, it } from 'vitest';
import {
  stickDelayMs,
  stickReport,
  stickWindows,
  type StickInput,
} from '../../../../src/features/contests/domain/stick-report.ts';
import type {
  ScoringContext,
  ScoringRecords,
} from '../../../../src/features/contests/domain/scoring-types.ts';
import type { Lead, SfUser } from '../../../../src/platform/salesforce/records.ts';
import { firstTouchDueAt } from '../../../../src/shared/sla/lead-clock.ts';
import { slaPolicySchema } from '../../../../src/shared/sla/sla-policy.ts';
import { stickMessage } from '../../../../src/features/contests/slack/stick-blocks.ts';
import { makeContest, makeLead, makeTask, SF_ANA, SF_BEN, SF_CARL, slackUserFor } from '../fixtures.ts';

/*
 * Hand-checked fixture. Everyone in UTC; business hours 09:00-17:00 Mon-Fri; first touch due 2
 * business hours after creation, for every source. Contest: followups on Webinar leads, Ana and Ben,
 * Wed 4 March 2026 00:00Z .. Thu 5 March 00:00Z (one day). Report at Fri 6 March 12:00Z.
 * Windows: before = Tue 3 March, during = Wed 4 March, after = Thu 5 March (each one whole day).
 * Leads are created at 10:00 (due 12:00 the same day) unless said otherwise.
 *
 *   lead  owner  source      created        first touch        cohort (deadline in)  hours  in SLA
 *   L1    Ana    Webinar     Tue            Ana call Tue 11:00  before                1      yes
 *   L2    Ben    Webinar     Tue            Ben call Tue 14:00  before                4      no
 *   L3    Ana    Webinar     Tue            never               before                -      no
 *   L4    Ana    Trade Show  Tue            Ana call Tue 10:30  out of scope (source)
 *   L5    Carl   Webinar     Tue            Carl call Tue 10:30 out of scope (not playing)
 *   L6    Ana    Webinar     Wed            Ana call Wed 10:30  during                0.5    yes
 *   L7    Ben    Webinar     Wed            Ben email Wed 11:00 during                1      yes
 *                                           (and a call Wed 15:00: same lead, same day, no point)
 *   L8    Ana    Webinar     Wed            Ana call Wed 13:00  during                3      no
 *   L9    Ben    Webinar     Wed            Ben call Wed 10:15  during                0.25   yes
 *   L12   Ana    Webinar     Wed 16:00      Ana call Thu 09:30  after (due Thu 10:00)  1.5    yes
 *   L10   Ana    Webinar     Thu            Ana call Thu 11:30  after                 1.5    yes
 *   L11   Ben    Webinar     Thu            Ben call Thu 16:00  after                 6      no
 *   and Ana calls L1 again on Thu 14:00 (a follow-up point after, no cohort change).
 *
 * before: due 3, in SLA 1 -> 1/3; median of [1, 4] = 2.5 h; follow-up points L1 + L2 = 2.
 * during: due 4, in SLA 3 -> 3/4; median of [0.25, 0.5, 1, 3] = (0.5 + 1) / 2 = 0.75 h;
 *         points L6, L7, L8, L9 = 4 (L12 is touched Thursday, so it is not a point during).
 * after:  due 3 (L12, L10, L11), in SLA 2 -> 2/3; median of [1.5, 1.5, 6] = 1.5 h;
 *         points L12, L10, L11, L1 = 4.
 */

const policy = slaPolicySchema.parse({ firstTouch: { hoursBySource: {}, defaultHours: 2 } });
const contest = makeContest({
  window: { start: '2026-03-04T00:00:00Z', end: '2026-03-05T00:00:00Z' },
  timeZone: 'UTC',
  status: 'ended',
  startedAt: '2026-03-04T00:00:00Z',
  endedAt: '2026-03-05T00:00:00Z',
});
const NOW = new Date('2026-03-06T12:00:00Z');

const sf = (iso: string): string => `${iso}.000+0000`;
const lead = (n: number, owner: string, created: string, source = 'Webinar'): Lead =>
  makeLead(n, { OwnerId: owner, LeadSource: source, CreatedDate: sf(created), SystemModstamp: sf(created) });
let taskN = 0;
const touch = (leadN: number, owner: string, when: string, kind: 'Call' | 'Email' = 'Call') =>
  makeTask((taskN += 1), {
    WhoId: makeLead(leadN).Id,
    OwnerId: owner,
    TaskSubtype: kind,
    CreatedDate: sf(when),
    SystemModstamp: sf(when),
  });

const records: ScoringRecords = {
  leads: [
    lead(1, SF_ANA, '2026-03-03T10:00:00'),
    lead(2, SF_BEN, '2026-03-03T10:00:00'),
    lead(3, SF_ANA, '2026-03-03T10:00:00'),
    lead(4, SF_ANA, '2026-03-03T10:00:00', 'Trade Show'),
    lead(5, SF_CARL, '2026-03-03T10:00:00'),
    lead(6, SF_ANA, '2026-03-04T10:00:00'),
    lead(7, SF_BEN, '2026-03-04T10:00:00'),
    lead(8, SF_ANA, '2026-03-04T10:00:00'),
    lead(9, SF_BEN, '2026-03-04T10:00:00'),
    lead(12, SF_ANA, '2026-03-04T16:00:00'),
    lead(10, SF_ANA, '2026-03-05T10:00:00'),
    lead(11, SF_BEN, '2026-03-05T10:00:00'),
  ],
  tasks: [
    touch(1, SF_ANA, '2026-03-03T11:00:00'),
    touch(2, SF_BEN, '2026-03-03T14:00:00'),
    touch(4, SF_ANA, '2026-03-03T10:30:00'),
    touch(5, SF_CARL, '2026-03-03T10:30:00'),
    touch(6, SF_ANA, '2026-03-04T10:30:00'),
    touch(7, SF_BEN, '2026-03-04T11:00:00', 'Email'),
    touch(7, SF_BEN, '2026-03-04T15:00:00'),
    touch(8, SF_ANA, '2026-03-04T13:00:00'),
    touch(9, SF_BEN, '2026-03-04T10:15:00'),
    touch(12, SF_ANA, '2026-03-05T09:30:00'),
    touch(10, SF_ANA, '2026-03-05T11:30:00'),
    touch(11, SF_BEN, '2026-03-05T16:00:00'),
    touch(1, SF_ANA, '2026-03-05T14:00:00'),
  ],
};

const user = (id: string): SfUser => ({
  Id: id,
  Name: id,
  Email: null,
  IsActive: true,
  ManagerId: null,
  TimeZoneSidKey: 'UTC',
  SystemModstamp: sf('2026-01-01T00:00:00'),
});

function input(now: Date, overrides: Partial<StickInput> = {}): StickInput {
  const context: ScoringContext = {
    now,
    slackUserFor,
    firstTouchDueAt: (l) => firstTouchDueAt(l, 'UTC', policy),
    timeZoneFor: () => 'UTC',
  };
  return {
    contest,
    records,
    context,
    users: [user(SF_ANA), user(SF_BEN), user(SF_CARL)],
    ownerIds: [SF_ANA, SF_BEN],
    assignedAt: new Map(),
    policy,
    ...overrides,
  };
}

describe('did it stick: the hand-checked fixture', () => {
  it('gives the follow-up rate, median time to first touch and points before, during and after', () => {
    const report = stickReport(input(NOW));
    const numbers = report.rows.map((row) => ({
      window: row.window.name,
      leadsDue: row.leadsDue,
      touchedWithinSla: row.touchedWithinSla,
      followUpRate: row.followUpRate,
      medianHoursToFirstTouch: row.medianHoursToFirstTouch,
      metric: row.metric,
    }));
    expect(numbers).toEqual([
      {
        window: 'before',
        leadsDue: 3,
        touchedWithinSla: 1,
        followUpRate: 1 / 3,
        medianHoursToFirstTouch: 2.5,
        metric: 2,
      },
      {
        window: 'during',
        leadsDue: 4,
        touchedWithinSla: 3,
        followUpRate: 3 / 4,
        medianHoursToFirstTouch: 0.75,
        metric: 4,
      },
      {
        window: 'after',
        leadsDue: 3,
        touchedWithinSla: 2,
        followUpRate: 2 / 3,
        medianHoursToFirstTouch: 1.5,
        metric: 4,
      },
    ]);
    expect(report.afterComplete).toBe(true);
  });

  it('windows: before and after as long as the contest; after cut at now when asked early', () => {
    const early = new Date('2026-03-05T06:00:00Z');
    expect(
      stickWindows(contest, early).map((w) => [w.name, w.start.toISOString(), w.end.toISOString()]),
    ).toEqual([
      ['before', '2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z'],
      ['during', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
      ['after', '2026-03-05T00:00:00.000Z', '2026-03-05T06:00:00.000Z'],
    ]);
    // Thu 00:00-06:00 is outside business hours: no deadline falls in it and nobody called.
    const after = stickReport(input(early));
    expect(after.afterComplete).toBe(false);
    expect(after.rows[2]).toMatchObject({ leadsDue: 0, followUpRate: null, metric: 0 });
  });

  it('an SLA-hit-rate contest reports its rate per window (hits / decided)', () => {
    // sla_hit_rate counts leads assigned (created) in the window: before L1 hit, L2 and L3 missed
    // (1/3); during L6 L7 L9 hit, L8 missed, and L12 (due Thu 10:00) is undecided at the window's
    // end, as the contest's own scorer would have left it -> 3/4; after L10 hit, L11 missed -> 1/2.
    const rate = stickReport(input(NOW, { contest: { ...contest, metric: 'sla_hit_rate' } }));
    expect(rate.rows.map((row) => row.metric)).toEqual([1 / 3, 3 / 4, 1 / 2]);
  });

  it('waits as long as the contest lasted, at most the policy cap', () => {
    expect(stickDelayMs(contest, { afterDays: null, maxDays: 14 })).toBe(86_400_000);
    expect(stickDelayMs(contest, { afterDays: 3, maxDays: 14 })).toBe(3 * 86_400_000);
    const long = makeContest({ window: { start: '2026-03-01T00:00:00Z', end: '2026-03-31T00:00:00Z' } });
    expect(stickDelayMs(long, { afterDays: null, maxDays: 14 })).toBe(14 * 86_400_000);
  });

  it('says in words whether the rate held: after (2/3) against before (1/3) is 33 points above', () => {
    const message = stickMessage(contest, stickReport(input(NOW)));
    expect(message.text).toMatch(/follow-up rate after the contest is 33 points above where it was before/);
    expect(message.text).toMatch(
      /\*During\* .* · follow-up rate within SLA 75% \(3 of 4 due\) · median time to first touch 0\.8 business h · Follow-ups \(calls and emails on leads\): 4 follow-ups/,
    );
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
