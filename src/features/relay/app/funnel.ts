import { instanceUrlOrDefault } from '../../../shared/sync/sync-state.ts';
import {
  compareFunnels,
  leadsBehind,
  type FunnelComparison,
  type FunnelGroup,
  type FunnelLead,
  type FunnelStep,
} from '../domain/funnel.ts';
import { parseFunnelPeriod, type FunnelPeriod } from '../domain/funnel-period.ts';
import type { RelayDeps } from './deps.ts';
import { campaignNames, funnelLeads, type FunnelReadDeps } from './funnel-reads.ts';

/**
 * Marketing's funnel (issue 14 item 3) for `/funnel`, its drill-down, Home and the weekly digest:
 * who may see it, and the numbers for a period against the one before.
 */

export const FUNNEL_REFUSAL =
  "The funnel is for marketing and admins. An admin can add you to the policy's `roles.marketing` (or its `marketingUsergroup`).";

export async function mayViewFunnel(deps: Pick<RelayDeps, 'roles'>, slackUserId: string): Promise<boolean> {
  const roles = await deps.roles.rolesOf(slackUserId);
  return roles.has('marketing') || roles.has('admin');
}

/** Periods are read in the weekly digest's time zone, so `last week` means the digest's week. */
export const funnelTimeZone = (deps: Pick<RelayDeps, 'config'>): string => {
  const sla = deps.config.policy.sla;
  return sla.weeklyDigest.timeZone ?? sla.calendar.fallbackTimeZone;
};

export const readFunnelPeriod = (deps: Pick<RelayDeps, 'config'>, text: string, now: Date) =>
  parseFunnelPeriod(text, now, funnelTimeZone(deps));

export interface FunnelView {
  period: FunnelPeriod;
  comparison: FunnelComparison;
  /** Campaign Id -> name. */
  campaigns: Record<string, string>;
}

/** The funnel of `period` against the period before, read from the synced copy as of `now`. */
export async function funnelFor(deps: FunnelReadDeps, period: FunnelPeriod, now: Date): Promise<FunnelView> {
  const span = { start: period.previous.start, end: period.current.end };
  const [leads, campaigns] = await Promise.all([funnelLeads(deps, span, now), campaignNames(deps)]);
  return { period, comparison: compareFunnels(leads, period), campaigns };
}

export interface DrillQuery {
  group: FunnelGroup;
  step: FunnelStep;
  reason?: string;
}

export interface DrillDown {
  total: number;
  leads: FunnelLead[];
  instanceUrl: string;
  campaigns: Record<string, string>;
}

/** The first 20 leads behind one number of `period` (its current window). */
export async function drillDown(
  deps: FunnelReadDeps,
  period: FunnelPeriod,
  query: DrillQuery,
  now: Date,
): Promise<DrillDown> {
  const [leads, campaigns, instanceUrl] = await Promise.all([
    funnelLeads(deps, period.current, now),
    campaignNames(deps),
    instanceUrlOrDefault(deps),
  ]);
  const { total, leads: first } = leadsBehind(leads, { window: period.current, ...query });
  return { total, leads: first, instanceUrl, campaigns };
}
