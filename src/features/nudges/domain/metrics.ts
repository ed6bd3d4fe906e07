import type { CampaignMember, SfUser } from '../../../platform/salesforce/records.ts';
import { businessHoursBetween } from '../../../shared/sla/business-clock.ts';
import {
  classifyLead,
  firstTouchAt,
  firstTouchDueAt,
  parseSalesforceDateTime,
  type LeadFacts,
} from '../../../shared/sla/lead-clock.ts';
import { resolveTimeZone, type SlaPolicy } from '../../../shared/sla/sla-policy.ts';

/**
 * Follow-up-rate metrics, the product's north star.
 *
 * Definitions (all as of `now`):
 * - **Cohort / denominator (`leadsDue`)**: leads not deleted in Salesforce whose first-touch deadline
 *   (CreatedDate + first-touch SLA for their source, in the owner's business hours) has passed by
 *   `now` and falls inside `period` when one is given. Leads whose deadline is still ahead are left
 *   out even if already touched: counting early successes but not pending ones would flatter the
 *   rate. Converted and closed leads stay in: closing or converting is a status change, so a touch.
 * - **Touched within SLA (numerator)**: cohort leads whose first touch (see lead-clock.ts) was at or
 *   before their deadline. `followUpRate` = numerator / denominator, null when nobody is due.
 * - **Median time to first touch**: over cohort leads touched by `now`, business hours from
 *   CreatedDate to the first touch. Untouched leads are not in it (they show in the rate).
 * - **Stale count**: a snapshot, independent of `period`: open leads whose clock (first-touch or
 *   follow-up) is overdue now, snoozed ones included.
 * - **Lead quality**: ratings whose time falls in `period` (all when no period), by the lead's groups.
 * - Groups: rep = Lead.OwnerId; team = the owner's ManagerId; source = LeadSource; campaign = each
 *   campaign the lead is a member of (a lead in two campaigns counts in both).
 */

export const NO_MANAGER = '(no manager)';
export const NO_SOURCE = '(no source)';
export const NO_CAMPAIGN = '(no campaign)';

export interface QualityRating {
  leadId: string;
  rating: 'good' | 'bad';
  reason: string;
  at: Date;
}

export interface MetricsInput {
  leads: readonly LeadFacts[];
  /** Lead owners, for their time zone and manager. */
  users: readonly SfUser[];
  campaignMembers?: readonly CampaignMember[];
  ratings?: readonly QualityRating[];
  /** Cohort window by first-touch deadline, [start, end). Omit for every lead due by `now`. */
  period?: { start: Date; end: Date };
  now: Date;
  policy: SlaPolicy;
}

export interface FollowUpStats {
  leadsDue: number;
  touchedWithinSla: number;
  followUpRate: number | null;
  medianHoursToFirstTouch: number | null;
  staleCount: number;
  qualityGood: number;
  qualityBad: number;
  /** Bad-quality reasons with counts. */
  badReasons: Record<string, number>;
}

export interface FollowUpReport {
  overall: FollowUpStats;
  byRep: Record<string, FollowUpStats>;
  byTeam: Record<string, FollowUpStats>;
  bySource: Record<string, FollowUpStats>;
  byCampaign: Record<string, FollowUpStats>;
}

interface Accumulator {
  leadsDue: number;
  touchedWithinSla: number;
  hoursToFirstTouch: number[];
  staleCount: number;
  qualityGood: number;
  qualityBad: number;
  badReasons: Record<string, number>;
}

const newAccumulator = (): Accumulator => ({
  leadsDue: 0,
  touchedWithinSla: 0,
  hoursToFirstTouch: [],
  staleCount: 0,
  qualityGood: 0,
  qualityBad: 0,
  badReasons: {},
});

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

const finish = (acc: Accumulator): FollowUpStats => ({
  leadsDue: acc.leadsDue,
  touchedWithinSla: acc.touchedWithinSla,
  followUpRate: acc.leadsDue === 0 ? null : acc.touchedWithinSla / acc.leadsDue,
  medianHoursToFirstTouch: median(acc.hoursToFirstTouch),
  staleCount: acc.staleCount,
  qualityGood: acc.qualityGood,
  qualityBad: acc.qualityBad,
  badReasons: acc.badReasons,
});

export const emptyStats = (): FollowUpStats => finish(newAccumulator());

const idKey = (id: string): string => id.slice(0, 15);

export function followUpMetrics(input: MetricsInput): FollowUpReport {
  const { users, policy, now, period } = input;
  const userById = new Map(users.map((u) => [idKey(u.Id), u]));
  const campaignsByLead = new Map<string, string[]>();
  for (const member of input.campaignMembers ?? []) {
    if (member.IsDeleted || member.LeadId === null) continue;
    const list = campaignsByLead.get(idKey(member.LeadId)) ?? [];
    if (!list.includes(member.CampaignId)) list.push(member.CampaignId);
    campaignsByLead.set(idKey(member.LeadId), list);
  }

  const overall = newAccumulator();
  const groups = { byRep: {}, byTeam: {}, bySource: {}, byCampaign: {} } as Record<
    keyof Omit<FollowUpReport, 'overall'>,
    Record<string, Accumulator>
  >;
  const accumulatorsByLead = new Map<string, Accumulator[]>();
  const bucket = (dimension: keyof typeof groups, key: string): Accumulator => {
    const existing = groups[dimension][key];
    if (existing) return existing;
    const created = newAccumulator();
    groups[dimension][key] = created;
    return created;
  };

  for (const facts of input.leads) {
    const { lead } = facts;
    if (lead.IsDeleted) continue;
    const owner = userById.get(idKey(lead.OwnerId));
    const accumulators = [
      overall,
      bucket('byRep', lead.OwnerId),
      bucket('byTeam', owner?.ManagerId ?? NO_MANAGER),
      bucket('bySource', lead.LeadSource ?? NO_SOURCE),
      ...(campaignsByLead.get(idKey(lead.Id)) ?? [NO_CAMPAIGN]).map((id) => bucket('byCampaign', id)),
    ];
    accumulatorsByLead.set(idKey(lead.Id), accumulators);
    const timeZone = resolveTimeZone(owner?.TimeZoneSidKey, policy);

    const dueAt = firstTouchDueAt(lead, timeZone, policy);
    const inPeriod = !period || (dueAt >= period.start && dueAt < period.end);
    if (inPeriod && dueAt.getTime() <= now.getTime()) {
      const touchedAt = firstTouchAt(facts, policy, now);
      const withinSla = touchedAt !== null && touchedAt.getTime() <= dueAt.getTime();
      const hours =
        touchedAt === null
          ? null
          : businessHoursBetween(
              parseSalesforceDateTime(lead.CreatedDate),
              touchedAt,
              timeZone,
              policy.calendar,
            );
      for (const acc of accumulators) {
        acc.leadsDue += 1;
        if (withinSla) acc.touchedWithinSla += 1;
        if (hours !== null) acc.hoursToFirstTouch.push(Math.max(0, hours));
      }
    }
    if (classifyLead(facts, { ownerTimeZone: timeZone, policy, now }).state === 'overdue') {
      for (const acc of accumulators) acc.staleCount += 1;
    }
  }

  for (const rating of input.ratings ?? []) {
    if (period && (rating.at < period.start || rating.at >= period.end)) continue;
    for (const acc of accumulatorsByLead.get(idKey(rating.leadId)) ?? []) {
      if (rating.rating === 'good') acc.qualityGood += 1;
      else {
        acc.qualityBad += 1;
        acc.badReasons[rating.reason] = (acc.badReasons[rating.reason] ?? 0) + 1;
      }
    }
  }

  const finishAll = (record: Record<string, Accumulator>) =>
    Object.fromEntries(Object.entries(record).map(([key, acc]) => [key, finish(acc)]));
  return {
    overall: finish(overall),
    byRep: finishAll(groups.byRep),
    byTeam: finishAll(groups.byTeam),
    bySource: finishAll(groups.bySource),
    byCampaign: finishAll(groups.byCampaign),
  };
}

export type Trend = 'up' | 'down' | 'flat' | 'n/a';

export interface MetricChange {
  current: number | null;
  previous: number | null;
  /** current − previous (for the rate: a share, so 0.05 is 5 percentage points). */
  delta: number | null;
  trend: Trend;
  /** Whether the change is good news (rate up, time or stale count down); null when flat or unknown. */
  improved: boolean | null;
}

export interface StatsChange {
  followUpRate: MetricChange;
  medianHoursToFirstTouch: MetricChange;
  staleCount: MetricChange;
  leadsDue: MetricChange;
  qualityGood: MetricChange;
  qualityBad: MetricChange;
}

export interface ReportChange {
  overall: StatsChange;
  byRep: Record<string, StatsChange>;
  byTeam: Record<string, StatsChange>;
  bySource: Record<string, StatsChange>;
  byCampaign: Record<string, StatsChange>;
}

function change(
  current: number | null,
  previous: number | null,
  higherIsBetter: boolean | null,
): MetricChange {
  if (current === null || previous === null) {
    return { current, previous, delta: null, trend: 'n/a', improved: null };
  }
  const delta = current - previous;
  const trend: Trend = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const improved = trend === 'flat' || higherIsBetter === null ? null : (trend === 'up') === higherIsBetter;
  return { current, previous, delta: trend === 'flat' ? 0 : delta, trend, improved };
}

export function compareStats(current: FollowUpStats, previous: FollowUpStats): StatsChange {
  return {
    followUpRate: change(current.followUpRate, previous.followUpRate, true),
    medianHoursToFirstTouch: change(current.medianHoursToFirstTouch, previous.medianHoursToFirstTouch, false),
    staleCount: change(current.staleCount, previous.staleCount, false),
    leadsDue: change(current.leadsDue, previous.leadsDue, null),
    qualityGood: change(current.qualityGood, previous.qualityGood, true),
    qualityBad: change(current.qualityBad, previous.qualityBad, false),
  };
}

/** Change against the previous week; a group missing from one week compares with empty stats. */
export function weekOverWeek(current: FollowUpReport, previous: FollowUpReport): ReportChange {
  const compareGroups = (now: Record<string, FollowUpStats>, before: Record<string, FollowUpStats>) => {
    const keys = [...new Set([...Object.keys(now), ...Object.keys(before)])].sort();
    return Object.fromEntries(
      keys.map((key) => [key, compareStats(now[key] ?? emptyStats(), before[key] ?? emptyStats())]),
    );
  };
  return {
    overall: compareStats(current.overall, previous.overall),
    byRep: compareGroups(current.byRep, previous.byRep),
    byTeam: compareGroups(current.byTeam, previous.byTeam),
    bySource: compareGroups(current.bySource, previous.bySource),
    byCampaign: compareGroups(current.byCampaign, previous.byCampaign),
  };
}

export interface DigestSent {
  repId: string;
  leadIds: readonly string[];
  sentAt: Date;
}

export interface LeadAction {
  leadId: string;
  at: Date;
}

export interface ActionRate {
  /** (digest, lead) pairs: each lead listed in each delivered digest is one nudge. */
  nudged: number;
  actedOn: number;
  rate: number | null;
}

/**
 * Nudge-to-action rate: the share of nudges (a lead listed in a delivered digest) followed by an
 * action on that lead (by anyone: logged call/email, snooze, disqualify, rating) within
 * `withinHours` wall-clock hours of the digest. A lead listed in three digests is three nudges.
 */
export function nudgeToActionRate(
  digests: readonly DigestSent[],
  actions: readonly LeadAction[],
  withinHours = 24,
): ActionRate & { byRep: Record<string, ActionRate> } {
  const actionTimes = new Map<string, number[]>();
  for (const action of actions) {
    const list = actionTimes.get(idKey(action.leadId)) ?? [];
    list.push(action.at.getTime());
    actionTimes.set(idKey(action.leadId), list);
  }
  const windowMs = withinHours * 3_600_000;
  const overall = { nudged: 0, actedOn: 0 };
  const byRep: Record<string, { nudged: number; actedOn: number }> = {};
  for (const digest of digests) {
    const rep = (byRep[digest.repId] ??= { nudged: 0, actedOn: 0 });
    const sentMs = digest.sentAt.getTime();
    for (const leadId of new Set(digest.leadIds)) {
      const acted = (actionTimes.get(idKey(leadId)) ?? []).some(
        (ms) => ms >= sentMs && ms <= sentMs + windowMs,
      );
      overall.nudged += 1;
      rep.nudged += 1;
      if (acted) {
        overall.actedOn += 1;
        rep.actedOn += 1;
      }
    }
  }
  const withRate = (counts: { nudged: number; actedOn: number }): ActionRate => ({
    ...counts,
    rate: counts.nudged === 0 ? null : counts.actedOn / counts.nudged,
  });
  return {
    ...withRate(overall),
    byRep: Object.fromEntries(Object.entries(byRep).map(([id, counts]) => [id, withRate(counts)])),
  };
}
