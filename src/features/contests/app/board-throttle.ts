import type { Clock } from '../../../platform/clock.ts';
import type { Contest } from '../domain/model.ts';

/**
 * The live board's current edit interval, for the flag the scoring script raises (ledger-scripts.ts):
 * the first score change of an interval raises it and schedules the edit; the hundred changes after
 * it in the same interval cost nothing more. The interval is the one posting.ts's
 * scheduleBoardRefresh names its job after (`minEditIntervalSeconds`, scaled by the clock), and
 * BullMQ's job id still dedupes should the two ever disagree at an interval's edge.
 */
export function boardEditInterval(
  contest: Contest,
  clock: Clock,
): { interval: number; ttlMs: number } | undefined {
  if (!contest.cadence.liveUpdates || contest.status !== 'running') return undefined;
  const intervalMs = Math.max(1, Math.round(contest.cadence.minEditIntervalSeconds * 1000 * clock.timeScale));
  // The flag's key names the interval, so it only has to outlive it.
  return { interval: Math.floor(clock.now().getTime() / intervalMs), ttlMs: 2 * intervalMs };
}
