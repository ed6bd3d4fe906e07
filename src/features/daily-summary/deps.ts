import type { SharedParts } from '../../shared/parts.ts';
import type { DailySection } from '../../shared/daily/section.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { DailyPolicy } from './policy.ts';

/** What the daily summary uses: people and the store to know a team, and everyone's sections. */
export interface DailySummaryDeps extends Pick<
  SharedParts,
  'logger' | 'redis' | 'keys' | 'jobs' | 'store' | 'slack' | 'delivery' | 'people'
> {
  /** sla: the time-zone fallback when the manager's own is unknown. */
  config: { policy: { daily: DailyPolicy; sla: SlaPolicy } };
  /** The other features' sections, in any order (each says its own). */
  sections: readonly DailySection[];
}
