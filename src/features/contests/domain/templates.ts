import { DAY_MS, HOUR_MS, type ContestScope, type Metric } from './model.ts';

/**
 * Ready-made contests for the plays that work: a short blitz right after a lead-generating event,
 * an hour of focused dialling, a week on the SLA. Everything a template sets can be overridden.
 */

export interface ContestTemplate {
  id: string;
  /** Short enough for a static select option (75 chars). */
  label: string;
  description: string;
  defaultName: string;
  metric: Metric;
  durationMs: number;
  scope: ContestScope;
  /** Daily standings make no sense for a one-hour contest. */
  dailyStandingsAt: string | null;
}

export const CONTEST_TEMPLATES: readonly ContestTemplate[] = [
  {
    id: 'webinar-blitz',
    label: 'Webinar follow-up blitz (3 days)',
    description: 'Follow up every webinar lead while the session is fresh.',
    defaultName: 'Webinar follow-up blitz',
    metric: 'followups',
    durationMs: 3 * DAY_MS,
    scope: { kind: 'sources', sources: ['Webinar'] },
    dailyStandingsAt: '09:00',
  },
  {
    id: 'trade-show',
    label: 'Trade-show follow-up (5 days)',
    description: 'Most trade-show leads are never called; call and email them all within the week.',
    defaultName: 'Trade-show follow-up',
    metric: 'followups',
    durationMs: 5 * DAY_MS,
    scope: { kind: 'sources', sources: ['Trade Show'] },
    dailyStandingsAt: '09:00',
  },
  {
    id: 'power-hour',
    label: 'Power hour (1 hour of calls)',
    description: 'One hour, phones only: the most leads called wins.',
    defaultName: 'Power hour',
    metric: 'calls',
    durationMs: HOUR_MS,
    scope: { kind: 'all' },
    dailyStandingsAt: null,
  },
  {
    id: 'sla-week',
    label: 'SLA week (7 days)',
    description: 'Touch your new leads within their SLA; the best hit rate wins.',
    defaultName: 'SLA week',
    metric: 'sla_hit_rate',
    durationMs: 7 * DAY_MS,
    scope: { kind: 'all' },
    dailyStandingsAt: '09:00',
  },
  {
    id: 'quick-accept',
    label: 'Quick accept week (AEs, 5 days)',
    description: "Accept your SDRs' hand-offs fast; the lowest median time to accept wins.",
    defaultName: 'Quick accept week',
    metric: 'time_to_accept',
    durationMs: 5 * DAY_MS,
    scope: { kind: 'all' },
    dailyStandingsAt: '09:00',
  },
];

export function findTemplate(id: string): ContestTemplate | undefined {
  return CONTEST_TEMPLATES.find((template) => template.id === id.trim().toLowerCase());
}
