import { METRICS, type Contest, type Metric } from '../domain/model.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';

/** What the contest engine reads for one lead's event (engine.ts `readLead`). */

const LEAD_METRICS: ReadonlySet<Metric> = new Set(METRICS);

/** Won deals score per opportunity and time to accept per AE: every other metric per lead. */
export const leadContestsOf = (contests: readonly Contest[]): Contest[] =>
  contests.filter(
    (c) => c.metric !== 'opportunities_won' && c.metric !== 'time_to_accept' && LEAD_METRICS.has(c.metric),
  );

export interface LeadRead {
  running: Contest[];
  /** The running contests scored on leads. */
  contests: Contest[];
  records: ScoringRecords;
  withEntries: ReadonlySet<string>;
  /** When the lead's owner got it, read with the lead when an SLA contest was expected. */
  assignedAt?: ReadonlyMap<string, Date>;
}

export const NO_RECORDS = { records: { leads: [], tasks: [] }, withEntries: new Set<string>() };
