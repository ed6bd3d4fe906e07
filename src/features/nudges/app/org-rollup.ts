import { z } from 'zod';
import type { NudgesDeps } from '../deps.ts';
import { nudgesQueue, ORG_ROLLUP_JOB } from '../queue.ts';
import type { OrgRollup } from '../slack/rollup-blocks.ts';
import { comparePeriods, DAY_MS, loadReportData, namesFor } from './reports.ts';

/**
 * The org-wide roll-up for executives' and admins' Home: exactly what `/followup` computes for
 * everyone (last 7 days against the 7 before, grouped by team), so the two never disagree.
 *
 * It reads every lead and its activity, which is too slow for a Home open: measured at 5 to 12 s for
 * 10,000 leads on a shared 2-core machine (1.5–2 s reading activity from Redis, about 3 s per period
 * for the metrics). So Home shows the last computed roll-up from Redis and asks the nudges worker
 * for a new one when it is older than ROLLUP_FRESH_MS; people who opened Home without any numbers
 * get their Home refreshed once they are ready.
 */

export type RollupDeps = Pick<NudgesDeps, 'config' | 'store' | 'people' | 'redis' | 'keys'>;

/** Older than this, the roll-up is still shown, and computed again in the background. */
export const ROLLUP_FRESH_MS = 5 * 60_000;
const ROLLUP_TTL_S = 86_400;
const WAITING_TTL_S = 600;
/** One computation at a time; a worker that died mid-way lets the next one in after this. */
const COMPUTING_TTL_S = 600;

export interface CachedRollup {
  computedAt: Date;
  rollup: OrgRollup;
}

const cachedSchema = z.object({
  version: z.literal(1),
  computedAt: z.iso.datetime(),
  rollup: z.custom<OrgRollup>(
    (value) => typeof value === 'object' && value !== null && 'report' in value && 'change' in value,
  ),
});

const rollupKey = (deps: Pick<NudgesDeps, 'keys'>) => deps.keys('nudges', 'org-rollup');
const waitingKey = (deps: Pick<NudgesDeps, 'keys'>) => deps.keys('nudges', 'org-rollup', 'waiting');
const computingKey = (deps: Pick<NudgesDeps, 'keys'>) => deps.keys('nudges', 'org-rollup', 'computing');

export async function computeOrgRollup(deps: RollupDeps, now: Date): Promise<OrgRollup> {
  const data = await loadReportData(deps, { kind: 'all' });
  const { report, change } = await comparePeriods(deps, data, {
    start: new Date(now.getTime() - 7 * DAY_MS),
    end: now,
  });
  return { report, change, names: await namesFor(deps, data.users) };
}

/** The last roll-up computed, or null (none yet, expired, or stored by an incompatible version). */
export async function readOrgRollup(deps: Pick<NudgesDeps, 'redis' | 'keys'>): Promise<CachedRollup | null> {
  const json = await deps.redis.get(rollupKey(deps));
  if (!json) return null;
  const parsed = cachedSchema.safeParse(JSON.parse(json));
  return parsed.success ? { computedAt: new Date(parsed.data.computedAt), rollup: parsed.data.rollup } : null;
}

/**
 * What a viewer's Home shows now: the cached roll-up, or null when there is none yet. A missing or
 * stale one is asked for, one computation at a time however many executives open Home meanwhile.
 */
export async function orgRollupFor(
  deps: Pick<NudgesDeps, 'redis' | 'keys' | 'jobs'>,
  viewerSlackId: string,
  now: Date,
): Promise<CachedRollup | null> {
  const cached = await readOrgRollup(deps);
  if (cached && now.getTime() - cached.computedAt.getTime() <= ROLLUP_FRESH_MS) return cached;
  if (!cached) {
    await deps.redis
      .multi()
      .sadd(waitingKey(deps), viewerSlackId)
      .expire(waitingKey(deps), WAITING_TTL_S)
      .exec();
  }
  const claimed = await deps.redis.set(computingKey(deps), now.toISOString(), 'EX', COMPUTING_TTL_S, 'NX');
  if (claimed === 'OK') {
    await deps.jobs.add(nudgesQueue, ORG_ROLLUP_JOB, {}, { jobId: `org-rollup-${now.getTime()}` });
  }
  return cached;
}

/** The job: computes and stores the roll-up, then refreshes the Home of whoever waited for it. */
export async function runOrgRollupJob(
  deps: RollupDeps & Partial<Pick<NudgesDeps, 'refreshHome'>>,
  now = new Date(),
): Promise<{ teams: number; refreshed: number }> {
  // A failure keeps the claim: BullMQ's retries run this again, and nobody queues a second one.
  const rollup = await computeOrgRollup(deps, now);
  const stored = { version: 1, computedAt: now.toISOString(), rollup };
  const [, waiting] =
    (await deps.redis
      .multi()
      .set(rollupKey(deps), JSON.stringify(stored), 'EX', ROLLUP_TTL_S)
      .smembers(waitingKey(deps))
      .del(waitingKey(deps))
      .del(computingKey(deps))
      .exec()) ?? [];
  const viewers = z.array(z.string()).catch([]).parse(waiting?.[1]);
  for (const viewer of viewers) await deps.refreshHome?.(viewer);
  return { teams: Object.keys(rollup.report.byTeam).length, refreshed: viewers.length };
}
