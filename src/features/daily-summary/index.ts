import type { Feature } from '../../shared/feature.ts';
import type { DailySummaryDeps } from './deps.ts';
import { dailyQueue, startDailyJobs } from './jobs.ts';

export type { DailySummaryDeps } from './deps.ts';

/**
 * The daily summary each team channel in the policy gets at its manager's local time. It owns only
 * the schedule and the post; what the post says comes from the other features' `dailySections`,
 * which main.ts hands it (the same pattern as App Home's sections), so no feature imports another.
 */
export function createDailySummaryFeature(deps: DailySummaryDeps): Feature {
  return {
    name: 'daily-summary',
    queues: [dailyQueue],
    startJobs: () => startDailyJobs(deps),
  };
}
