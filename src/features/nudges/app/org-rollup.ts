import { z } from 'zod';
import { PrecomputedHomeValue } from '../../../shared/home/precomputed.ts';
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

export interface CachedRollup {
  computedAt: Date;
  rollup: OrgRollup;
}

const rollupSchema = z.custom<OrgRollup>(
  (value) => typeof value === 'object' && value !== null && 'report' in value && 'change' in value,
);

const orgRollup = (deps: Pick<NudgesDeps, 'redis' | 'keys'> & Partial<Pick<NudgesDeps, 'jobs'>>) =>
  new PrecomputedHomeValue(deps, {
    key: ['nudges', 'org-rollup'],
    freshMs: ROLLUP_FRESH_MS,
    schema: rollupSchema,
    requestComputation: async (now) => {
      await deps.jobs?.add(nudgesQueue, ORG_ROLLUP_JOB, {}, { jobId: `org-rollup-${now.getTime()}` });
    },
  });

export async function computeOrgRollup(deps: RollupDeps, now: Date): Promise<OrgRollup> {
  const data = await loadReportData(deps, { kind: 'all' });
  const { report, change } = await comparePeriods(deps, data, {
    start: new Date(now.getTime() - 7 * DAY_MS),
    end: now,
  });
  return { report, change, names: await namesFor(deps, data.users) };
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
  const stored = await orgRollup(deps).forViewer(viewerSlackId, now);
  return stored ? { computedAt: stored.computedAt, rollup: stored.value } : null;
}

/** The job: computes and stores the roll-up, then refreshes the Home of whoever waited for it. */
export async function runOrgRollupJob(
  deps: RollupDeps & Partial<Pick<NudgesDeps, 'refreshHome'>>,
  now = new Date(),
): Promise<{ teams: number; refreshed: number }> {
  const rollup = await computeOrgRollup(deps, now);
  const refreshed = await orgRollup(deps).store(rollup, now, deps.refreshHome);
  return { teams: Object.keys(rollup.report.byTeam).length, refreshed };
}
