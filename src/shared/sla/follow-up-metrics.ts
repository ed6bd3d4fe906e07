import type { CampaignMember, SfUser } from '../../platform/salesforce/records.ts';
import { businessHoursBetween } from './business-clock.ts';
import {
  classifyLead,
  firstTouchDueAt,
  isClosedLead,
  parseSalesforceDateTime,
  type LeadFacts,
} from './lead-clock.ts';
import { firstTouchByAnyoneAt } from './lead-level.ts';
import { resolveTimeZone, type SlaPolicy } from './sla-policy.ts';
import { idKey } from '../../platform/salesforce/ids.ts';

/**
 * Follow-up-rate metrics, the product's north star. Shared (not in nudges) because contests'
 * "did it stick?" report measures the same rate before, during and after a contest.
 *
 * Definitions (all as of `now`):
 * - **Cohort / denominator (`leadsDue`)**: leads not deleted in Salesforce whose first-touch deadline
 *   (CreatedDate + first-touch SLA for their source, in the owner's business hours) has passed by
 *   `now` and falls inside `period` when one is given. Leads whose deadline is still ahead are left
 *   out even if already touched: counting early successes but not pending ones would flatter the
 *   rate. Converted and closed leads stay in: closing or converting is a status change, so a touch.
 * - **Touched within SLA (numerator)**: cohort leads whose first touch by anyone, previous owners
 *   included (lead-level.ts), was at or before their deadline. `followUpRate` = numerator /
 *   denominator, null when nobody is due.
 * - **Median time to first touch**: over cohort leads touched by `now`, business hours from
 *   CreatedDate to the first touch. Untouched leads are not in it (they show in the rate).
 * - **Stale count**: a snapshot, independent of `period`: open leads whose current owner's clock
 *   (first-touch or follow-up, from their assignment) is overdue now, snoozed ones included.
 * - **Lead quality**: ratings whose time falls in `period` (all when no period), by the lead's groups.
 * - Groups: rep = Lead.OwnerId; team = the owner's ManagerId; source = LeadSource; campaign = each
 *   campaign the lead is a member of (a lead in two campaigns counts in both).
 */

/** Lead-quality feedback from sales (nudges reads it from Salesforce Tasks: quality-ratings.ts). */
export interface QualityRating {
  leadId: string;
  rating: 'good' | 'bad';
  reason: string;
  at: Date;
}

export const NO_MANAGER = '(no manager)';
export const NO_SOURCE = '(no source)';
export const NO_CAMPAIGN = '(no campaign)';

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

type GroupDimension = keyof Omit<FollowUpReport, 'overall'>;

/** Campaign ids per lead (15-character key); a lead in two campaigns counts in both. */
export function campaignsByLead(members: readonly CampaignMember[]): Map<string, string[]> {
  const byLead = new Map<string, string[]>();
  for (const member of members) {
    if (member.IsDeleted || member.LeadId === null) continue;
    const list = byLead.get(idKey(member.LeadId)) ?? [];
    if (!list.includes(member.CampaignId)) list.push(member.CampaignId);
    byLead.set(idKey(member.LeadId), list);
  }
  return byLead;
}

/** The accumulators of every group, created on first use. */
class GroupAccumulators {
  readonly overall = newAccumulator();
  readonly groups: Record<GroupDimension, Record<string, Accumulator>> = {
    byRep: {},
    byTeam: {},
    bySource: {},
    byCampaign: {},
  };

  bucket(dimension: GroupDimension, key: string): Accumulator {
    const existing = this.groups[dimension][key];
    if (existing) return existing;
    const created = newAccumulator();
    this.groups[dimension][key] = created;
    return created;
  }

  report(): FollowUpReport {
    const finishAll = (record: Record<string, Accumulator>) =>
      Object.fromEntries(Object.entries(record).map(([key, acc]) => [key, finish(acc)]));
    return {
      overall: finish(this.overall),
      byRep: finishAll(this.groups.byRep),
      byTeam: finishAll(this.groups.byTeam),
      bySource: finishAll(this.groups.bySource),
      byCampaign: finishAll(this.groups.byCampaign),
    };
  }
}

/**
 * The lead-level verdict on one lead, as the follow-up rate counts it: its first-touch deadline
 * (from CreatedDate, in its owner's business hours), its first touch by anyone as of `now`, and
 * whether that touch came by the deadline. Marketing's funnel ("worked within SLA") asks the same.
 */
export function firstTouchWithinSla(
  facts: LeadFacts,
  ownerTimeZone: string,
  policy: SlaPolicy,
  now: Date,
): { dueAt: Date; touchedAt: Date | null; withinSla: boolean } {
  return firstTouchAgainst(firstTouchDueAt(facts.lead, ownerTimeZone, policy), facts, policy, now);
}

/** The same verdict against a first-touch deadline the caller already worked out. */
function firstTouchAgainst(dueAt: Date, facts: LeadFacts, policy: SlaPolicy, now: Date) {
  const touchedAt = firstTouchByAnyoneAt(facts, policy, now);
  return { dueAt, touchedAt, withinSla: touchedAt !== null && touchedAt.getTime() <= dueAt.getTime() };
}

/** One report's window: its cohort period (omit for every lead due by `now`) and its `now`. */
export interface MetricsWindow {
  period?: { start: Date; end: Date };
  now: Date;
}

/** What a lead's counting needs whatever the window: its owner's time zone and first-touch deadline. */
interface LeadInvariants {
  facts: LeadFacts;
  timeZone: string;
  dueAt: Date;
  /** Closed or awaiting a hand-off's accept: no owner's clock runs, so never stale (classifyLead). */
  clockStopped: boolean;
}

/** Counts one lead into its groups: in the cohort if its deadline passed in the period, stale if overdue now. */
function countLead(
  lead: LeadInvariants,
  accumulators: readonly Accumulator[],
  context: { window: MetricsWindow; policy: SlaPolicy },
): void {
  const { facts, timeZone, dueAt } = lead;
  const { policy } = context;
  const { now, period } = context.window;
  const inPeriod = !period || (dueAt >= period.start && dueAt < period.end);
  if (inPeriod && dueAt.getTime() <= now.getTime()) {
    const { touchedAt, withinSla } = firstTouchAgainst(dueAt, facts, policy, now);
    const hours =
      touchedAt === null
        ? null
        : businessHoursBetween(
            parseSalesforceDateTime(facts.lead.CreatedDate),
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
  if (lead.clockStopped) return;
  if (classifyLead(facts, { ownerTimeZone: timeZone, policy, now }).state === 'overdue') {
    for (const acc of accumulators) acc.staleCount += 1;
  }
}

/** Counts the ratings made in the period into the groups of the lead they rate. */
function countRatings(
  ratings: readonly QualityRating[],
  period: MetricsInput['period'],
  accumulatorsByLead: ReadonlyMap<string, readonly Accumulator[]>,
): void {
  for (const rating of ratings) {
    if (period && (rating.at < period.start || rating.at >= period.end)) continue;
    for (const acc of accumulatorsByLead.get(idKey(rating.leadId)) ?? []) {
      if (rating.rating === 'good') acc.qualityGood += 1;
      else {
        acc.qualityBad += 1;
        acc.badReasons[rating.reason] = (acc.badReasons[rating.reason] ?? 0) + 1;
      }
    }
  }
}

export function followUpMetrics(input: MetricsInput): FollowUpReport {
  const window = input.period ? { period: input.period, now: input.now } : { now: input.now };
  return followUpMetricsOver(input, [window])[0] as FollowUpReport;
}

/**
 * The report of each window from one pass over the leads: what does not depend on the window (a
 * lead's owner, groups and first-touch deadline) is worked out once, however many periods a report
 * compares (`/followup`'s two weeks, the daily summary's three numbers).
 */
export function followUpMetricsOver(
  input: Omit<MetricsInput, 'period' | 'now'>,
  windows: readonly MetricsWindow[],
): FollowUpReport[] {
  const { policy } = input;
  const userById = new Map(input.users.map((u) => [idKey(u.Id), u]));
  const campaigns = campaignsByLead(input.campaignMembers ?? []);
  const reports = windows.map(() => new GroupAccumulators());
  const accumulatorsByLead = windows.map(() => new Map<string, Accumulator[]>());
  for (const facts of input.leads) {
    const { lead } = facts;
    if (lead.IsDeleted) continue;
    const owner = userById.get(idKey(lead.OwnerId));
    const timeZone = resolveTimeZone(owner?.TimeZoneSidKey, policy);
    const invariants: LeadInvariants = {
      facts,
      timeZone,
      dueAt: firstTouchDueAt(lead, timeZone, policy),
      clockStopped: isClosedLead(lead, policy) || facts.awaitingAccept === true,
    };
    const campaignIds = campaigns.get(idKey(lead.Id)) ?? [NO_CAMPAIGN];
    windows.forEach((window, w) => {
      const all = reports[w] as GroupAccumulators;
      const accumulators = [
        all.overall,
        all.bucket('byRep', lead.OwnerId),
        all.bucket('byTeam', owner?.ManagerId ?? NO_MANAGER),
        all.bucket('bySource', lead.LeadSource ?? NO_SOURCE),
        ...campaignIds.map((id) => all.bucket('byCampaign', id)),
      ];
      accumulatorsByLead[w]?.set(idKey(lead.Id), accumulators);
      countLead(invariants, accumulators, { window, policy });
    });
  }
  return windows.map((window, w) => {
    countRatings(input.ratings ?? [], window.period, accumulatorsByLead[w] ?? new Map());
    return (reports[w] as GroupAccumulators).report();
  });
}
