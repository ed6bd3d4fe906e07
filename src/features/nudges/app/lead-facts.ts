import type { Lead, SfEvent, Task } from '../../../platform/salesforce/records.ts';
import { qualifyingTouches, type LeadFacts } from '../../../shared/sla/lead-clock.ts';
import { leadsAwaitingAccept } from '../../../shared/relay/coverage.ts';
import { touchesByAnyone } from '../../../shared/sla/lead-level.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { NudgesDeps } from '../deps.ts';
import { ratingsFrom, type QualityRating } from '../domain/quality-ratings.ts';

/**
 * A lead's clock facts read from its activity in bullpen's Redis copy of Salesforce: what the SLA
 * index keeps per lead, what reports count, and what the full scan (the index's oracle) clocks.
 */

export interface FactsWithRatings {
  facts: LeadFacts;
  ratings: QualityRating[];
}

/** One lead's facts and quality ratings from its activity (read by the caller). */
export function factsOf(
  lead: Lead,
  activity: { tasks: Task[]; events: SfEvent[] },
  context: {
    policy: SlaPolicy;
    snoozedUntil: Date | null;
    assignedAt: Date | null;
    /** A pending hand-off to its owner: the relay's accept SLA covers it (shared/relay/coverage.ts). */
    awaitingAccept?: boolean;
  },
): FactsWithRatings {
  const { policy } = context;
  const { tasks, events } = activity;
  return {
    facts: {
      lead,
      touches: qualifyingTouches(lead, tasks, events, policy),
      leadTouches: touchesByAnyone(lead, tasks, events, policy),
      snoozedUntil: context.snoozedUntil,
      assignedAt: context.assignedAt,
      ...(context.awaitingAccept ? { awaitingAccept: true } : {}),
    },
    ratings: ratingsFrom(lead.Id, tasks),
  };
}

/** Assignment and hand-off of some leads, as read now (a caller that already read them passes them). */
export interface FreshFacts {
  assignedAt: ReadonlyMap<string, Date>;
  awaitingAccept: ReadonlySet<string>;
}

export async function loadFacts(
  deps: Pick<NudgesDeps, 'store' | 'config' | 'redis' | 'keys'>,
  leads: readonly Lead[],
  snoozes: ReadonlyMap<string, Date>,
  fresh?: FreshFacts,
): Promise<FactsWithRatings[]> {
  const policy = deps.config.policy.sla;
  // Every lead's activity in one pipelined read, beside its owner history and hand-offs.
  const [activity, assignedAt, awaiting] = await Promise.all([
    deps.store.activitiesOnMany(leads.map((lead) => lead.Id)),
    fresh?.assignedAt ?? deps.store.leadAssignedAt(leads),
    fresh?.awaitingAccept ?? leadsAwaitingAccept(deps, leads),
  ]);
  return leads.map((lead) =>
    factsOf(lead, activity.get(lead.Id) ?? { tasks: [], events: [] }, {
      policy,
      snoozedUntil: snoozes.get(lead.Id) ?? null,
      assignedAt: assignedAt.get(lead.Id) ?? null,
      awaitingAccept: awaiting.has(lead.Id),
    }),
  );
}
