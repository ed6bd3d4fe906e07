import { median } from './relay-scorers.ts';
import type { SfEvent, SfUser } from '../../../platform/salesforce/records.ts';
import { followUpMetrics } from '../../../shared/sla/follow-up-metrics.ts';
import { qualifyingTouches, type LeadFacts } from '../../../shared/sla/lead-clock.ts';
import { touchesByAnyone } from '../../../shared/sla/lead-level.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import { DAY_MS, scoringEnd, type Contest, type Metric } from './model.ts';
import { scoreActivities } from './scoring.ts';
import { scopeFilter } from './scoring-run.ts';
import type { LedgerEntry, ScoringContext, ScoringRecords } from './scoring-types.ts';
import { idKey } from '../../../platform/salesforce/ids.ts';

/**
 * "Did it stick?": the contest's scope measured before, during and after the contest, so a manager
 * sees whether the follow-up rate moved and stayed moved. Pure: the app loads the records from
 * bullpen's synced copy and this computes with the same code as the follow-up reports
 * (shared/sla/follow-up-metrics.ts) and the contest's own scorer (scoring.ts).
 */

export const STICK_WINDOWS = ['before', 'during', 'after'] as const;
export type StickWindowName = (typeof STICK_WINDOWS)[number];

/** [start, end); `end` equals `start` when the window has not begun. */
export interface StickWindow {
  name: StickWindowName;
  start: Date;
  end: Date;
}

export interface StickRow {
  window: StickWindow;
  /** Leads whose first-touch deadline fell in the window (and had passed by the report). */
  leadsDue: number;
  touchedWithinSla: number;
  followUpRate: number | null;
  medianHoursToFirstTouch: number | null;
  /** Points under the contest's rules; for the SLA hit rate, hits / decided. Null: nothing to count. */
  metric: number | null;
}

export interface StickReport {
  contestId: string;
  metric: Metric;
  at: Date;
  rows: StickRow[];
  /** False while the after window is shorter than the contest (a report asked for early). */
  afterComplete: boolean;
}

export interface StickDelayPolicy {
  /** Days after the end; null: as long as the contest lasted. */
  afterDays: number | null;
  maxDays: number;
}

/** How long after its end a contest's report is posted: its own length by default, capped. */
export function stickDelayMs(contest: Contest, policy: StickDelayPolicy): number {
  const length = scoringEnd(contest).getTime() - contest.window.start.getTime();
  const wanted = policy.afterDays === null ? length : policy.afterDays * DAY_MS;
  return Math.max(0, Math.min(wanted, policy.maxDays * DAY_MS));
}

/** Before and after are as long as the contest ran; after stops at `now` if that comes first. */
export function stickWindows(contest: Contest, now: Date): StickWindow[] {
  const start = contest.window.start.getTime();
  const end = scoringEnd(contest).getTime();
  const length = end - start;
  const afterEnd = Math.max(end, Math.min(end + length, now.getTime()));
  return [
    { name: 'before', start: new Date(start - length), end: new Date(start) },
    { name: 'during', start: new Date(start), end: new Date(end) },
    { name: 'after', start: new Date(end), end: new Date(afterEnd) },
  ];
}

export interface StickInput {
  contest: Contest;
  /** The participants' leads and every activity on them (first touches need earlier ones). */
  records: ScoringRecords;
  /** As for a recount, with `now` the report's time. */
  context: ScoringContext;
  users: readonly SfUser[];
  /** Salesforce ids of the participants: the follow-up rate is about their leads. */
  ownerIds: readonly string[];
  /** Owner history: when each lead's current owner got it. */
  assignedAt: ReadonlyMap<string, Date>;
  policy: SlaPolicy;
}

/** The in-scope leads of the participants, on the SLA clock as the follow-up reports see them. */
function scopedFacts(input: StickInput): LeadFacts[] {
  const { contest, records, policy } = input;
  const owners = new Set(input.ownerIds.map(idKey));
  const inScope = scopeFilter(contest, records.campaignMembers ?? []);
  const byLead = activitiesByLead(records);
  return records.leads
    .filter((lead) => !lead.IsDeleted && owners.has(idKey(lead.OwnerId)) && inScope(lead))
    .map((lead) => {
      const { tasks, events } = byLead.get(idKey(lead.Id)) ?? { tasks: [], events: [] };
      return {
        lead,
        touches: qualifyingTouches(lead, tasks, events, policy),
        leadTouches: touchesByAnyone(lead, tasks, events, policy),
        assignedAt: input.assignedAt.get(lead.Id) ?? null,
      };
    });
}

type Activities = { tasks: ScoringRecords['tasks'][number][]; events: SfEvent[] };

function activitiesByLead(records: ScoringRecords): Map<string, Activities> {
  const byLead = new Map<string, Activities>();
  const slot = (whoId: string): Activities => {
    const existing = byLead.get(idKey(whoId));
    if (existing) return existing;
    const created: Activities = { tasks: [], events: [] };
    byLead.set(idKey(whoId), created);
    return created;
  };
  for (const task of records.tasks) if (task.WhoId !== null) slot(task.WhoId).tasks.push(task);
  for (const event of records.events ?? []) if (event.WhoId !== null) slot(event.WhoId).events.push(event);
  return byLead;
}

/** The contest's metric over one window: the contest re-run as if it had been held then. */
function metricIn(input: StickInput, window: StickWindow): number | null {
  if (window.end <= window.start) return null;
  const asIfHeldThen: Contest = {
    ...input.contest,
    window: { start: window.start, end: window.end },
    status: 'ended',
    endedAt: window.end,
  };
  const entries: LedgerEntry[] = scoreActivities(asIfHeldThen, input.records, input.context);
  // Time to accept scores each AE's median; the window's figure is the median of those.
  if (input.contest.metric === 'time_to_accept') return median(entries.map((entry) => entry.points));
  if (input.contest.metric !== 'sla_hit_rate') return entries.reduce((sum, entry) => sum + entry.points, 0);
  const hits = entries.filter((entry) => entry.rule === 'sla_hit').length;
  const decided = hits + entries.filter((entry) => entry.rule === 'sla_miss').length;
  return decided === 0 ? null : hits / decided;
}

export function stickReport(input: StickInput): StickReport {
  const now = input.context.now;
  const facts = scopedFacts(input);
  const windows = stickWindows(input.contest, now);
  const rows = windows.map((window): StickRow => {
    const empty = window.end <= window.start;
    const stats = followUpMetrics({
      leads: empty ? [] : facts,
      users: input.users,
      period: { start: window.start, end: window.end },
      now,
      policy: input.policy,
    }).overall;
    return {
      window,
      leadsDue: stats.leadsDue,
      touchedWithinSla: stats.touchedWithinSla,
      followUpRate: stats.followUpRate,
      medianHoursToFirstTouch: stats.medianHoursToFirstTouch,
      metric: metricIn(input, window),
    };
  });
  const [during, after] = [windows[1], windows[2]];
  const afterComplete =
    during !== undefined &&
    after !== undefined &&
    after.end.getTime() - after.start.getTime() >= during.end.getTime() - during.start.getTime();
  return { contestId: input.contest.id, metric: input.contest.metric, at: now, rows, afterComplete };
}
