import { z } from 'zod';
import type { FunnelComparison } from '../domain/funnel.ts';
import { PrecomputedHomeValue } from '../../../shared/home/precomputed.ts';
import { relayQueue } from '../queue.ts';
import type { RelayDeps } from './deps.ts';
import { funnelFor, readFunnelPeriod } from './funnel.ts';

/**
 * The funnel on marketing's and admins' Home: the last 7 days against the 7 before. Reading every
 * lead of two weeks is too slow for a Home open, so, like nudges' org roll-up, Home shows the funnel
 * the relay worker last stored and asks for a new one when it is older than FUNNEL_FRESH_MS; people
 * who opened Home before there was any are shown their Home again once it is stored.
 */

export const FUNNEL_HOME_JOB = 'funnel-home';
export const FUNNEL_HOME_PERIOD = '7d';
export const FUNNEL_FRESH_MS = 5 * 60_000;

export interface StoredFunnel {
  computedAt: Date;
  label: string;
  comparison: FunnelComparison;
  campaigns: Record<string, string>;
}

const countsSchema = z.object({
  steps: z.record(z.string(), z.number()),
  returnReasons: z.record(z.string(), z.number()),
  disqualifyReasons: z.record(z.string(), z.number()),
});
const funnelSchema = z.object({
  overall: countsSchema,
  bySource: z.record(z.string(), countsSchema),
  byCampaign: z.record(z.string(), countsSchema),
});
const valueSchema = z.object({
  label: z.string(),
  comparison: z.object({ current: funnelSchema, previous: funnelSchema }),
  campaigns: z.record(z.string(), z.string()),
});

const homeFunnel = (deps: Pick<RelayDeps, 'redis' | 'keys'> & Partial<Pick<RelayDeps, 'jobs'>>) =>
  new PrecomputedHomeValue(deps, {
    key: ['relay', 'funnel-home'],
    freshMs: FUNNEL_FRESH_MS,
    schema: valueSchema,
    requestComputation: async (now) => {
      await deps.jobs?.add(relayQueue, FUNNEL_HOME_JOB, {}, { jobId: `funnel-home-${now.getTime()}` });
    },
  });

/** What a viewer's Home shows now; a missing or stale funnel is asked for, once however many look. */
export async function homeFunnelFor(
  deps: Pick<RelayDeps, 'redis' | 'keys' | 'jobs'>,
  viewerSlackId: string,
  now: Date,
): Promise<StoredFunnel | null> {
  const stored = await homeFunnel(deps).forViewer(viewerSlackId, now);
  if (!stored) return null;
  const { label, comparison, campaigns } = stored.value;
  // The schema checked the shape; the step names are the domain's own, written by runFunnelHomeJob.
  return { computedAt: stored.computedAt, label, comparison: comparison as FunnelComparison, campaigns };
}

/** The job: computes and stores the Home funnel, then refreshes the Home of whoever waited for it. */
export async function runFunnelHomeJob(
  deps: Pick<RelayDeps, 'config' | 'store' | 'redis' | 'keys' | 'refreshHome'>,
  now = new Date(),
): Promise<{ refreshed: number }> {
  const period = readFunnelPeriod(deps, FUNNEL_HOME_PERIOD, now);
  if (!period.ok) throw new Error(period.error);
  const view = await funnelFor(deps, period.period, now);
  const value = { label: period.period.label, comparison: view.comparison, campaigns: view.campaigns };
  return { refreshed: await homeFunnel(deps).store(value, now, deps.refreshHome) };
}
