import { z } from 'zod';
import type { FunnelComparison } from '../domain/funnel.ts';
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
const STORED_TTL_S = 86_400;
const WAITING_TTL_S = 600;
/** One computation at a time; a worker that died mid-way lets the next one in after this. */
const COMPUTING_TTL_S = 600;

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
const storedSchema = z.object({
  version: z.literal(1),
  computedAt: z.iso.datetime(),
  label: z.string(),
  comparison: z.object({ current: funnelSchema, previous: funnelSchema }),
  campaigns: z.record(z.string(), z.string()),
});

type HomeDeps = Pick<RelayDeps, 'redis' | 'keys'>;
const storedKey = (deps: HomeDeps) => deps.keys('relay', 'funnel-home');
const waitingKey = (deps: HomeDeps) => deps.keys('relay', 'funnel-home', 'waiting');
const computingKey = (deps: HomeDeps) => deps.keys('relay', 'funnel-home', 'computing');

/** The funnel last stored, or null (none yet, expired, or stored by an incompatible version). */
export async function readStoredFunnel(deps: HomeDeps): Promise<StoredFunnel | null> {
  const json = await deps.redis.get(storedKey(deps));
  if (!json) return null;
  const parsed = storedSchema.safeParse(JSON.parse(json));
  if (!parsed.success) return null;
  const { computedAt, label, comparison, campaigns } = parsed.data;
  // The schema checked the shape; the step names are the domain's own, written by storeHomeFunnel.
  return { computedAt: new Date(computedAt), label, comparison: comparison as FunnelComparison, campaigns };
}

/** What a viewer's Home shows now; a missing or stale funnel is asked for, once however many look. */
export async function homeFunnelFor(
  deps: Pick<RelayDeps, 'redis' | 'keys' | 'jobs'>,
  viewerSlackId: string,
  now: Date,
): Promise<StoredFunnel | null> {
  const stored = await readStoredFunnel(deps);
  if (stored && now.getTime() - stored.computedAt.getTime() <= FUNNEL_FRESH_MS) return stored;
  if (!stored) {
    await deps.redis
      .multi()
      .sadd(waitingKey(deps), viewerSlackId)
      .expire(waitingKey(deps), WAITING_TTL_S)
      .exec();
  }
  const claimed = await deps.redis.set(computingKey(deps), now.toISOString(), 'EX', COMPUTING_TTL_S, 'NX');
  if (claimed === 'OK') {
    await deps.jobs.add(relayQueue, FUNNEL_HOME_JOB, {}, { jobId: `funnel-home-${now.getTime()}` });
  }
  return stored;
}

/** The job: computes and stores the Home funnel, then refreshes the Home of whoever waited for it. */
export async function runFunnelHomeJob(
  deps: Pick<RelayDeps, 'config' | 'store' | 'redis' | 'keys' | 'refreshHome'>,
  now = new Date(),
): Promise<{ refreshed: number }> {
  const period = readFunnelPeriod(deps, FUNNEL_HOME_PERIOD, now);
  if (!period.ok) throw new Error(period.error);
  // A failure keeps the claim: BullMQ's retries run this again, and nobody queues a second one.
  const view = await funnelFor(deps, period.period, now);
  const stored = {
    version: 1,
    computedAt: now.toISOString(),
    label: period.period.label,
    comparison: view.comparison,
    campaigns: view.campaigns,
  };
  const [, waiting] =
    (await deps.redis
      .multi()
      .set(storedKey(deps), JSON.stringify(stored), 'EX', STORED_TTL_S)
      .smembers(waitingKey(deps))
      .del(waitingKey(deps))
      .del(computingKey(deps))
      .exec()) ?? [];
  const viewers = z.array(z.string()).catch([]).parse(waiting?.[1]);
  for (const viewer of viewers) await deps.refreshHome?.(viewer);
  return { refreshed: viewers.length };
}
