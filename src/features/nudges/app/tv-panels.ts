import type { TeamScope, TvPanel, TvRate } from '../../../shared/tv/panel.ts';
import type { LeadReadDeps } from '../deps.ts';
import { urgentLeadsOf } from './lead-loader.ts';
import { computeReport, DAY_MS, loadReportData, type ReportDeps } from './reports.ts';

/**
 * The TV board's follow-up panels for one team: the rate within SLA over the last 24 hours against
 * the 24 before and the same 24 hours a week ago, and the overdue leads waiting now (lead names only
 * when the manager opted in). Redis only; the rates are kept a few seconds per team, since a screen
 * asks every two seconds and the rate moves with sync, not with every tick.
 */

const RATE_CACHE_MS = 10_000;
const MAX_LISTED = 5;

type Deps = ReportDeps & LeadReadDeps;

async function teamRates(deps: Deps, scope: TeamScope): Promise<TvRate[]> {
  const data = await loadReportData(deps, { kind: 'team', ownerIds: new Set(scope.ownerIds) });
  const now = scope.now.getTime();
  const windows: [string, number][] = [
    ['Last 24 h', now],
    ['The 24 h before', now - DAY_MS],
    ['Same time last week', now - 7 * DAY_MS],
  ];
  return Promise.all(
    windows.map(async ([label, end]) => {
      const period = { start: new Date(end - DAY_MS), end: new Date(end) };
      const { overall } = await computeReport(deps, data, period, period.end);
      return { label, rate: overall.followUpRate, leadsDue: overall.leadsDue };
    }),
  );
}

export function nudgesTvPanels(deps: Deps): TvPanel[] {
  const cache = new Map<string, { until: number; rates: TvRate[] }>();
  return [
    {
      order: 20,
      name: 'nudges.follow-up-rate',
      async load(scope) {
        const key = [...scope.ownerIds].sort().join(',');
        let cached = cache.get(key);
        if (!cached || cached.until < Date.now()) {
          cached = { until: Date.now() + RATE_CACHE_MS, rates: await teamRates(deps, scope) };
          cache.set(key, cached);
        }
        return { kind: 'rates', title: '⏱️ Follow-up within SLA', rates: cached.rates };
      },
    },
    {
      order: 40,
      name: 'nudges.overdue-leads',
      async load(scope) {
        const urgent = (
          await Promise.all(scope.ownerIds.map((id) => urgentLeadsOf(deps, id, scope.now)))
        ).flat();
        const overdue = urgent.filter((c) => c.clock.state === 'overdue');
        const items = scope.showLeadNames
          ? overdue.slice(0, MAX_LISTED).map((c) => ({ text: c.lead.Name, detail: c.lead.Company ?? '' }))
          : [];
        return {
          kind: 'count',
          title: '⏰ Overdue leads',
          value: overdue.length,
          detail: overdue.length === 1 ? 'lead past its follow-up time' : 'leads past their follow-up time',
          items,
        };
      },
    },
  ];
}
