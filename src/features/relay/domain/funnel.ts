import type { TimeWindow } from './funnel-period.ts';

/**
 * Marketing's funnel (issue 14 item 3): the relay as numbers for the cohort of leads created in a
 * period, overall, by lead source and by campaign. Pure: app/funnel-reads.ts gathers each lead's
 * facts (its SLA verdict from shared/sla, its hand-off, its disqualify reason) into a FunnelLead.
 *
 * A lead counts in every step it reached, as it stands now: a lead qualified and then returned is
 * qualified and returned; "accepted" and "returned" are the state of its latest hand-off.
 */

export const FUNNEL_STEPS = [
  'in',
  'worked',
  'qualified',
  'accepted',
  'returned',
  'disqualified',
  'converted',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const STEP_LABELS: Record<FunnelStep, string> = {
  in: 'Leads in',
  worked: 'Worked within SLA',
  qualified: 'Qualified',
  accepted: 'Accepted',
  returned: 'Returned',
  disqualified: 'Disqualified',
  converted: 'Converted',
};

export const NO_REASON = '(no reason given)';

export interface FunnelLead {
  id: string;
  name: string;
  company: string | null;
  createdAt: Date;
  /** LeadSource, or shared/sla's NO_SOURCE. */
  source: string;
  /** Campaign Ids the lead is a member of, or [NO_CAMPAIGN]; a lead in two counts in both. */
  campaigns: readonly string[];
  /** First touch by anyone by its first-touch deadline (shared/sla/follow-up-metrics.ts). */
  workedWithinSla: boolean;
  /** The state of its latest hand-off; null when never qualified. */
  handoff: 'pending' | 'accepted' | 'returned' | null;
  returnReason: string | null;
  /** Null unless its Lead Status is the disqualified one. */
  disqualifyReason: string | null;
  converted: boolean;
}

export interface FunnelCounts {
  steps: Record<FunnelStep, number>;
  returnReasons: Record<string, number>;
  disqualifyReasons: Record<string, number>;
}

export interface Funnel {
  overall: FunnelCounts;
  bySource: Record<string, FunnelCounts>;
  byCampaign: Record<string, FunnelCounts>;
}

/** This period's funnel and the previous one's, for the change. Plain data: Home stores it as JSON. */
export interface FunnelComparison {
  current: Funnel;
  previous: Funnel;
}

export type FunnelGroup = { kind: 'all' } | { kind: 'source' | 'campaign'; key: string };

export const emptyCounts = (): FunnelCounts => ({
  steps: { in: 0, worked: 0, qualified: 0, accepted: 0, returned: 0, disqualified: 0, converted: 0 },
  returnReasons: {},
  disqualifyReasons: {},
});

/** Every step this lead counts in. */
export function stepsOf(lead: FunnelLead): FunnelStep[] {
  const reached: Record<FunnelStep, boolean> = {
    in: true,
    worked: lead.workedWithinSla,
    qualified: lead.handoff !== null,
    accepted: lead.handoff === 'accepted',
    returned: lead.handoff === 'returned',
    disqualified: lead.disqualifyReason !== null,
    converted: lead.converted,
  };
  return FUNNEL_STEPS.filter((step) => reached[step]);
}

const inWindow = (lead: FunnelLead, w: TimeWindow): boolean =>
  lead.createdAt.getTime() >= w.start.getTime() && lead.createdAt.getTime() < w.end.getTime();

const bump = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

function countInto(counts: FunnelCounts, lead: FunnelLead): void {
  for (const step of stepsOf(lead)) counts.steps[step] += 1;
  if (lead.handoff === 'returned') bump(counts.returnReasons, lead.returnReason ?? NO_REASON);
  if (lead.disqualifyReason !== null) bump(counts.disqualifyReasons, lead.disqualifyReason);
}

const bucket = (record: Record<string, FunnelCounts>, key: string): FunnelCounts =>
  (record[key] ??= emptyCounts());

/** The funnel of the leads created in `w`. */
export function computeFunnel(leads: readonly FunnelLead[], w: TimeWindow): Funnel {
  const funnel: Funnel = { overall: emptyCounts(), bySource: {}, byCampaign: {} };
  for (const lead of leads) {
    if (!inWindow(lead, w)) continue;
    countInto(funnel.overall, lead);
    countInto(bucket(funnel.bySource, lead.source), lead);
    for (const campaign of new Set(lead.campaigns)) countInto(bucket(funnel.byCampaign, campaign), lead);
  }
  return funnel;
}

export function compareFunnels(
  leads: readonly FunnelLead[],
  period: { current: TimeWindow; previous: TimeWindow },
): FunnelComparison {
  return { current: computeFunnel(leads, period.current), previous: computeFunnel(leads, period.previous) };
}

export function countsOf(funnel: Funnel, group: FunnelGroup): FunnelCounts {
  if (group.kind === 'all') return funnel.overall;
  const record = group.kind === 'source' ? funnel.bySource : funnel.byCampaign;
  return record[group.key] ?? emptyCounts();
}

const inGroup = (lead: FunnelLead, group: FunnelGroup): boolean =>
  group.kind === 'all' ||
  (group.kind === 'source' ? lead.source === group.key : lead.campaigns.includes(group.key));

const hasReason = (lead: FunnelLead, step: FunnelStep, reason: string | undefined): boolean => {
  if (reason === undefined) return true;
  if (step === 'returned') return (lead.returnReason ?? NO_REASON) === reason;
  return step === 'disqualified' && lead.disqualifyReason === reason;
};

/** The leads behind one number, newest first: the first `limit` and how many there are in all. */
export function leadsBehind(
  leads: readonly FunnelLead[],
  query: { window: TimeWindow; group: FunnelGroup; step: FunnelStep; reason?: string },
  limit = 20,
): { total: number; leads: FunnelLead[] } {
  const matching = leads
    .filter(
      (lead) =>
        inWindow(lead, query.window) &&
        inGroup(lead, query.group) &&
        stepsOf(lead).includes(query.step) &&
        hasReason(lead, query.step, query.reason),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { total: matching.length, leads: matching.slice(0, limit) };
}

/** Reasons with their counts, most first (ties by name), at most `limit`. */
export function topReasons(reasons: Record<string, number>, limit = 3): [string, number][] {
  return Object.entries(reasons)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit);
}

/**
 * Why a disqualified lead was: the nudges Disqualify click leaves a completed Task "Status:
 * <disqualified> - <reason>" (nudges/writes/write-back.ts); the latest one wins. Null when the lead's
 * status is not the disqualified one; NO_REASON when it is but no such Task says why.
 */
export function disqualifyReasonOf(
  lead: { Status: string },
  tasks: readonly { Subject: string | null; CreatedDate: string }[],
  disqualifiedStatus: string,
): string | null {
  if (lead.Status !== disqualifiedStatus) return null;
  const prefix = `Status: ${disqualifiedStatus} - `;
  const latest = tasks
    .filter((task) => task.Subject?.startsWith(prefix))
    .sort((a, b) => Date.parse(b.CreatedDate) - Date.parse(a.CreatedDate))[0];
  const reason = latest?.Subject?.slice(prefix.length).trim();
  return reason || NO_REASON;
}
