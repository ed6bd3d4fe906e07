import { describe, expect, it } from 'vitest';
import type { LeadFacts } from '../../../../src/shared/sla/lead-clock.ts';
import { nudgeToActionRate } from '../../../../src/features/nudges/domain/action-rate.ts';
import {
  emptyStats,
  followUpMetrics,
  median,
  NO_CAMPAIGN,
  NO_MANAGER,
  type FollowUpReport,
} from '../../../../src/shared/sla/follow-up-metrics.ts';
import { compareStats, weekOverWeek } from '../../../../src/features/nudges/domain/trends.ts';
import { defaultSlaPolicy } from '../../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeCampaignMember, makeLead, makeUser, sfDateTime, sfId, userId } from '../fixtures.ts';

/*
 * Hand-checked fixture. All owners in New York (EST, UTC-5), hours 09:00-17:00 Mon-Fri.
 * Period: deadlines in Mon 2026-11-16 00:00 .. Mon 2026-11-23 00:00 EST. Now: Tue 2026-11-24 12:00 EST.
 * Reps A=user1 and B=user2 report to M=user9; C=user3 has no manager. Campaigns X, Y.
 *
 * L1 Web A, created Mon 11-16 09:00, due 13:00. Call Mon 10:00 (1h, within). Call Mon 11-23 10:00
 *    -> follow-up due Thu 11-26 10:00: not stale. Campaign X.
 * L2 Web A, created Mon 11-16 09:00, due 13:00. Call Mon 15:00 (6h, late). Working; follow-up due
 *    Thu 11-19 15:00 -> stale. Campaign X.
 * L3 Trade Show B, created Tue 11-17 09:00, 48h -> due Tue 11-24 17:00: not due yet, outside cohort; not stale.
 * L4 Webinar B, created Wed 11-18 09:00, 24h -> due Fri 11-20 17:00. Never touched -> late, stale. X and Y.
 * L5 Partner Referral C, created Thu 11-19 09:00, 8h -> due Thu 17:00. Status -> Working Thu 11:00
 *    (2h, within); follow-up due Tue 11-24 11:00 -> overdue now, stale. No campaign.
 * L6 Web A, created Fri 11-20 09:00, due 13:00. Converted, status change Fri 12:00 (3h, within). Closed. Y.
 * L7 Web A, deleted: ignored everywhere.
 * L8 Purchased List A, created Fri 11-20 09:00, 72h: not due yet; not stale.
 *
 * Cohort = L1 L2 L4 L5 L6 (5); within SLA = L1 L5 L6 (3) -> 60%.
 * Hours to first touch = 1, 6, 2, 3 -> median 2.5. Stale = L2 L4 L5 (3).
 * Ratings in period: L1 good, L2 bad "No budget", L4 bad "Wrong contact"; one on 11-25 is outside.
 */

const policy = defaultSlaPolicy();
const [A, B, C, M] = [userId(1), userId(2), userId(3), userId(9)];
const [X, Y] = [sfId('701', 1), sfId('701', 2)];
const est = (local: string): Date => new Date(`${local}-05:00`);
const call = (local: string) => ({ at: est(local), kind: 'call' as const });

const lead = (n: number, owner: string, source: string, createdLocal: string, extra = {}) =>
  makeLead({
    Id: leadId(n),
    OwnerId: owner,
    LeadSource: source,
    CreatedDate: sfDateTime(est(createdLocal).toISOString()),
    ...extra,
  });

const leads: LeadFacts[] = [
  {
    lead: lead(1, A, 'Web', '2026-11-16T09:00'),
    touches: [call('2026-11-16T10:00'), call('2026-11-23T10:00')],
  },
  {
    lead: lead(2, A, 'Web', '2026-11-16T09:00', { Status: 'Working - Contacted' }),
    touches: [call('2026-11-16T15:00')],
  },
  { lead: lead(3, B, 'Trade Show', '2026-11-17T09:00'), touches: [] },
  { lead: lead(4, B, 'Webinar', '2026-11-18T09:00'), touches: [] },
  {
    lead: lead(5, C, 'Partner Referral', '2026-11-19T09:00', { Status: 'Working - Contacted' }),
    touches: [],
    firstStatusChangeAt: est('2026-11-19T11:00'),
  },
  {
    lead: lead(6, A, 'Web', '2026-11-20T09:00', { Status: 'Closed - Converted', IsConverted: true }),
    touches: [],
    firstStatusChangeAt: est('2026-11-20T12:00'),
  },
  { lead: lead(7, A, 'Web', '2026-11-16T09:00', { IsDeleted: true }), touches: [] },
  { lead: lead(8, A, 'Purchased List', '2026-11-20T09:00'), touches: [] },
];

const input = {
  leads,
  users: [
    makeUser({ Id: A, ManagerId: M }),
    makeUser({ Id: B, ManagerId: M }),
    makeUser({ Id: C }),
    makeUser({ Id: M }),
  ],
  campaignMembers: [
    makeCampaignMember(1, X, leadId(1)),
    makeCampaignMember(2, X, leadId(2)),
    makeCampaignMember(3, X, leadId(4)),
    makeCampaignMember(4, Y, leadId(4)),
    makeCampaignMember(5, Y, leadId(6)),
  ],
  ratings: [
    { leadId: leadId(1), rating: 'good' as const, reason: 'Good fit', at: est('2026-11-17T10:00') },
    { leadId: leadId(2), rating: 'bad' as const, reason: 'No budget', at: est('2026-11-18T10:00') },
    { leadId: leadId(4), rating: 'bad' as const, reason: 'Wrong contact', at: est('2026-11-19T10:00') },
    { leadId: leadId(4), rating: 'bad' as const, reason: 'No budget', at: est('2026-11-25T10:00') },
  ],
  period: { start: est('2026-11-16T00:00'), end: est('2026-11-23T00:00') },
  now: est('2026-11-24T12:00'),
  policy,
};

describe('followUpMetrics', () => {
  const report = followUpMetrics(input);

  it('computes the overall numbers', () => {
    expect(report.overall).toEqual({
      leadsDue: 5,
      touchedWithinSla: 3,
      followUpRate: 0.6,
      medianHoursToFirstTouch: 2.5,
      staleCount: 3,
      qualityGood: 1,
      qualityBad: 2,
      badReasons: { 'No budget': 1, 'Wrong contact': 1 },
    });
  });

  it('groups by rep, team, source and campaign', () => {
    // A: L1 L2 L6 due, L1 L6 within; hours 1,6,3 -> 3; stale L2. B: L4 due, late; stale L4. C: L5.
    expect(report.byRep[A]).toMatchObject({
      leadsDue: 3,
      touchedWithinSla: 2,
      medianHoursToFirstTouch: 3,
      staleCount: 1,
    });
    expect(report.byRep[B]).toMatchObject({
      leadsDue: 1,
      touchedWithinSla: 0,
      followUpRate: 0,
      medianHoursToFirstTouch: null,
    });
    expect(report.byRep[C]).toMatchObject({ leadsDue: 1, touchedWithinSla: 1, staleCount: 1 });
    expect(report.byTeam[M]).toMatchObject({
      leadsDue: 4,
      touchedWithinSla: 2,
      followUpRate: 0.5,
      staleCount: 2,
    });
    expect(report.byTeam[NO_MANAGER]).toMatchObject({ leadsDue: 1, followUpRate: 1 });
    expect(report.bySource['Web']).toMatchObject({
      leadsDue: 3,
      touchedWithinSla: 2,
      qualityGood: 1,
      qualityBad: 1,
    });
    expect(report.bySource['Trade Show']).toMatchObject({ leadsDue: 0, followUpRate: null, staleCount: 0 });
    expect(report.byCampaign[X]).toMatchObject({
      leadsDue: 3,
      touchedWithinSla: 1,
      staleCount: 2,
      qualityBad: 2,
    });
    expect(report.byCampaign[Y]).toMatchObject({ leadsDue: 2, touchedWithinSla: 1, staleCount: 1 });
    expect(report.byCampaign[NO_CAMPAIGN]).toMatchObject({ leadsDue: 1, touchedWithinSla: 1, staleCount: 1 });
  });

  it('leaves leads out of the cohort until their deadline passes', () => {
    const earlier = followUpMetrics({ ...input, period: undefined, now: est('2026-11-16T12:00') });
    // Mon 11-16 12:00: the first deadline (L1, L2 at 13:00) has not passed, so nobody is due yet.
    expect(earlier.overall).toMatchObject({ leadsDue: 0, followUpRate: null });
  });
});

describe('median', () => {
  it('handles odd, even and empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('weekOverWeek', () => {
  it('reports deltas with direction and whether they are good news', () => {
    const current = {
      ...emptyStats(),
      leadsDue: 5,
      followUpRate: 0.6,
      medianHoursToFirstTouch: 2.5,
      staleCount: 3,
    };
    const previous = {
      ...emptyStats(),
      leadsDue: 4,
      followUpRate: 0.5,
      medianHoursToFirstTouch: 3,
      staleCount: 3,
    };
    const change = compareStats(current, previous);
    expect(change.followUpRate.delta).toBeCloseTo(0.1, 9);
    expect(change.followUpRate).toMatchObject({ trend: 'up', improved: true });
    expect(change.medianHoursToFirstTouch).toMatchObject({ delta: -0.5, trend: 'down', improved: true });
    expect(change.staleCount).toMatchObject({ delta: 0, trend: 'flat', improved: null });
    expect(compareStats({ ...current, staleCount: 5 }, previous).staleCount).toMatchObject({
      trend: 'up',
      improved: false,
    });
  });

  it('compares groups present in only one week with empty stats', () => {
    const report = (bySource: FollowUpReport['bySource']): FollowUpReport => ({
      overall: emptyStats(),
      byRep: {},
      byTeam: {},
      bySource,
      byCampaign: {},
    });
    const change = weekOverWeek(
      report({ Web: { ...emptyStats(), leadsDue: 2, followUpRate: 1 } }),
      report({ Webinar: { ...emptyStats(), staleCount: 4 } }),
    );
    expect(Object.keys(change.bySource)).toEqual(['Web', 'Webinar']);
    expect(change.bySource['Web']?.followUpRate.trend).toBe('n/a');
    expect(change.bySource['Webinar']?.staleCount).toMatchObject({ delta: -4, improved: true });
  });
});

describe('nudgeToActionRate', () => {
  it('counts (digest, lead) pairs acted on within 24 hours', () => {
    const t = at('2026-11-24T15:00:00Z');
    const hours = (h: number) => new Date(t.getTime() + h * 3_600_000);
    const result = nudgeToActionRate(
      [
        { repId: 'A', leadIds: [leadId(1), leadId(2)], sentAt: t },
        { repId: 'B', leadIds: [leadId(4)], sentAt: t },
        { repId: 'A', leadIds: [leadId(2)], sentAt: hours(24) },
      ],
      [
        { leadId: leadId(1), at: hours(2) }, // acted on digest 1
        { leadId: leadId(2), at: hours(25) }, // too late for digest 1, in time for digest 3
        { leadId: leadId(4), at: hours(-1) }, // before the nudge: does not count
      ],
    );
    // 4 nudges, 2 acted on
    expect(result).toMatchObject({ nudged: 4, actedOn: 2, rate: 0.5 });
    expect(result.byRep['A']).toEqual({ nudged: 3, actedOn: 2, rate: 2 / 3 });
    expect(result.byRep['B']).toEqual({ nudged: 1, actedOn: 0, rate: 0 });
    expect(nudgeToActionRate([], []).rate).toBeNull();
  });
});
