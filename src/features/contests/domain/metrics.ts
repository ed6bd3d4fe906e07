/** What a contest can score, how each metric reads, and which ones are not plain counts. */

/** Why a rate takes no goal: "% to goal" of a percentage reads as nonsense. */
export const GOAL_ON_RATE_ERROR =
  'the SLA hit rate is a rate, not a count: a goal per rep applies to the count metrics only';
export const GOAL_ON_TIME_ERROR =
  'time to accept is a median time, not a count: a goal per rep applies to the count metrics only';

/** Teams add their members' points up; a sum of medians means nothing. */
export const TEAMS_ON_TIME_ERROR =
  'time to accept is a median per AE: team totals apply to the count metrics only';

export const METRICS = [
  'followups',
  'calls',
  'first_touch_sla',
  'sla_hit_rate',
  'meetings',
  'conversions',
  'opportunities_won',
  'leads_qualified',
  'handoffs_accepted',
  'time_to_accept',
] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABELS: Record<Metric, string> = {
  followups: 'Follow-ups (calls and emails on leads)',
  calls: 'Calls on leads',
  first_touch_sla: 'First touches within SLA',
  sla_hit_rate: 'SLA hit rate (own new leads)',
  meetings: 'Meetings booked with leads',
  conversions: 'Leads converted',
  opportunities_won: 'Opportunities won',
  leads_qualified: 'Leads qualified (handed off to an AE)',
  handoffs_accepted: 'Hand-offs accepted (AEs)',
  time_to_accept: 'Time to accept hand-offs (AEs, lower wins)',
};

/** How one point reads on a board, singular and plural. */
export const METRIC_UNITS: Record<Metric, [string, string]> = {
  followups: ['follow-up', 'follow-ups'],
  calls: ['call', 'calls'],
  first_touch_sla: ['first touch', 'first touches'],
  sla_hit_rate: ['', ''],
  meetings: ['meeting', 'meetings'],
  conversions: ['conversion', 'conversions'],
  opportunities_won: ['deal won', 'deals won'],
  leads_qualified: ['lead qualified', 'leads qualified'],
  handoffs_accepted: ['hand-off accepted', 'hand-offs accepted'],
  time_to_accept: ['', ''],
};

/** Metrics whose points are not a count: no goal per rep, no "N from M reps" total. */
export const NOT_COUNTS: ReadonlySet<Metric> = new Set(['sla_hit_rate', 'time_to_accept']);
/** Metrics where the smallest score wins (a time); nobody-scored-yet still ranks last. */
export const LOWER_IS_BETTER: ReadonlySet<Metric> = new Set(['time_to_accept']);

/** Metrics scored from the relay's hand-off records rather than Salesforce activity. */
export const RELAY_METRICS: ReadonlySet<Metric> = new Set([
  'leads_qualified',
  'handoffs_accepted',
  'time_to_accept',
]);
