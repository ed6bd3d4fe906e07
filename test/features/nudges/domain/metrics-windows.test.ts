import { describe, expect, it } from 'vitest';
import { businessHoursBetween } from '../../../../src/shared/sla/business-clock.ts';
import {
  classifyLead,
  parseSalesforceDateTime,
  type LeadFacts,
  type Touch,
} from '../../../../src/shared/sla/lead-clock.ts';
import {
  firstTouchWithinSla,
  followUpMetrics,
  followUpMetricsOver,
  median,
  type MetricsWindow,
  type QualityRating,
} from '../../../../src/shared/sla/follow-up-metrics.ts';
import { defaultSlaPolicy, resolveTimeZone } from '../../../../src/shared/sla/sla-policy.ts';
import { idKey } from '../../../../src/platform/salesforce/ids.ts';
import type { SfUser } from '../../../../src/platform/salesforce/records.ts';
import { leadId, makeLead, makeUser, sfDateTime, userId } from '../fixtures.ts';

/*
 * followUpMetricsOver works out a lead's deadline once for every window and skips the clock of a
 * lead whose clock is stopped (closed, awaiting accept). Each window's numbers must be what the
 * definition gives when a lead is counted on its own, as the code did before: classifyLead on every
 * lead, firstTouchWithinSla per window. That definition is written out here as the oracle.
 */

const policy = defaultSlaPolicy();
const HOUR = 3_600_000;
const NOW = new Date('2026-11-24T17:00:00Z');
const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'America/Los_Angeles', null];
const SOURCES = ['Web', 'Webinar', 'Trade Show', 'Partner Referral', null];
const STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];

/** A small seeded generator, so a failure names the seed that shows it. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomOrg(seed: number): { users: SfUser[]; leads: LeadFacts[]; ratings: QualityRating[] } {
  const random = generator(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const users = [1, 2, 3, 4].map((n) =>
    makeUser({ Id: userId(n), TimeZoneSidKey: pick(ZONES), ManagerId: n < 3 ? userId(9) : null }),
  );
  const leads: LeadFacts[] = [];
  const ratings: QualityRating[] = [];
  for (let n = 1; n <= 200; n++) {
    const created = new Date(NOW.getTime() - random() * 30 * 24 * HOUR);
    const touchAt = (): Touch => ({
      at: new Date(created.getTime() + random() * 20 * 24 * HOUR),
      kind: pick(['call', 'email', 'meeting'] as const),
    });
    const touches = Array.from({ length: Math.floor(random() * 3) }, touchAt).sort(
      (x, y) => x.at.getTime() - y.at.getTime(),
    );
    const status = pick(STATUSES);
    const lead = makeLead({
      Id: leadId(n),
      OwnerId: userId(1 + Math.floor(random() * 4)),
      LeadSource: pick(SOURCES),
      Status: status,
      IsConverted: status === 'Closed - Converted',
      IsDeleted: random() < 0.05,
      CreatedDate: sfDateTime(created.toISOString()),
      SystemModstamp: sfDateTime(new Date(created.getTime() + random() * 25 * 24 * HOUR).toISOString()),
    });
    leads.push({
      lead,
      touches,
      leadTouches:
        random() < 0.3 ? [...touches, touchAt()].sort((x, y) => x.at.getTime() - y.at.getTime()) : touches,
      assignedAt: random() < 0.3 ? new Date(created.getTime() + random() * 5 * 24 * HOUR) : null,
      snoozedUntil: random() < 0.1 ? new Date(NOW.getTime() + HOUR) : null,
      ...(random() < 0.1 ? { awaitingAccept: true } : {}),
    });
    if (random() < 0.3) {
      ratings.push({
        leadId: lead.Id,
        rating: random() < 0.5 ? 'good' : 'bad',
        reason: pick(['No budget', 'Wrong contact']),
        at: new Date(NOW.getTime() - random() * 20 * 24 * HOUR),
      });
    }
  }
  return { users, leads, ratings };
}

/** The definition, one lead at a time: the overall numbers of one window. */
function oracle(org: ReturnType<typeof randomOrg>, window: MetricsWindow) {
  const { now, period } = window;
  const owners = new Map(org.users.map((user) => [idKey(user.Id), user]));
  let leadsDue = 0;
  let touchedWithinSla = 0;
  let staleCount = 0;
  const hours: number[] = [];
  for (const facts of org.leads) {
    if (facts.lead.IsDeleted) continue;
    const zone = resolveTimeZone(owners.get(idKey(facts.lead.OwnerId))?.TimeZoneSidKey, policy);
    const verdict = firstTouchWithinSla(facts, zone, policy, now);
    const inPeriod = !period || (verdict.dueAt >= period.start && verdict.dueAt < period.end);
    if (inPeriod && verdict.dueAt.getTime() <= now.getTime()) {
      leadsDue += 1;
      if (verdict.withinSla) touchedWithinSla += 1;
      if (verdict.touchedAt) {
        const created = parseSalesforceDateTime(facts.lead.CreatedDate);
        hours.push(Math.max(0, businessHoursBetween(created, verdict.touchedAt, zone, policy.calendar)));
      }
    }
    if (classifyLead(facts, { ownerTimeZone: zone, policy, now }).state === 'overdue') staleCount += 1;
  }
  const liveLeads = new Set(org.leads.filter((f) => !f.lead.IsDeleted).map((f) => idKey(f.lead.Id)));
  const rated = org.ratings.filter(
    (r) => liveLeads.has(idKey(r.leadId)) && (!period || (r.at >= period.start && r.at < period.end)),
  );
  return {
    leadsDue,
    touchedWithinSla,
    staleCount,
    medianHoursToFirstTouch: median(hours),
    qualityGood: rated.filter((r) => r.rating === 'good').length,
    qualityBad: rated.filter((r) => r.rating === 'bad').length,
  };
}

const WEEK = 7 * 24 * HOUR;
const windows: MetricsWindow[] = [
  { period: { start: new Date(NOW.getTime() - WEEK), end: NOW }, now: NOW },
  {
    period: { start: new Date(NOW.getTime() - 2 * WEEK), end: new Date(NOW.getTime() - WEEK) },
    now: new Date(NOW.getTime() - WEEK),
  },
  { now: NOW },
  { now: new Date(NOW.getTime() - 10 * 24 * HOUR) },
];

describe('followUpMetricsOver', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'gives each window what counting its leads one by one gives (seed %i)',
    (seed) => {
      const org = randomOrg(seed);
      const reports = followUpMetricsOver(
        { leads: org.leads, users: org.users, ratings: org.ratings, policy },
        windows,
      );
      windows.forEach((window, w) => {
        const { overall } = reports[w] ?? followUpMetrics({ leads: [], users: [], now: NOW, policy });
        expect({
          leadsDue: overall.leadsDue,
          touchedWithinSla: overall.touchedWithinSla,
          staleCount: overall.staleCount,
          medianHoursToFirstTouch: overall.medianHoursToFirstTouch,
          qualityGood: overall.qualityGood,
          qualityBad: overall.qualityBad,
        }).toEqual(oracle(org, window));
        // One window alone gives the same report as the same window among others.
        expect(
          followUpMetrics({ leads: org.leads, users: org.users, ratings: org.ratings, policy, ...window }),
        ).toEqual(reports[w]);
      });
      // The org is varied enough that every part of the definition is exercised.
      const totals = windows.map((window) => oracle(org, window));
      expect(
        totals.some((t) => t.staleCount > 0 && t.leadsDue > t.touchedWithinSla && t.touchedWithinSla > 0),
      ).toBe(true);
    },
  );
});
