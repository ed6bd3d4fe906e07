import type { Lead, SfEvent, Task } from '../../../platform/salesforce/records.ts';
import { qualifyingTouches, type LeadFacts } from '../../../shared/sla/lead-clock.ts';
import { leadsAwaitingAccept } from '../../../shared/relay/coverage.ts';
import { touchesByAnyone } from '../../../shared/sla/lead-level.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { NudgesDeps } from '../deps.ts';
import { ratingsFrom, type QualityRating } from '../domain/quality-ratings.ts';
import type { ActivityFacts, ActivityFactsKey } from './activity-facts-cache.ts';

/**
 * A lead's clock facts read from its activity in bullpen's Redis copy of Salesforce: what the SLA
 * index keeps per lead, what reports count, and what the full scan (the index's oracle) clocks.
 */

export interface FactsWithRatings {
  facts: LeadFacts;
  ratings: readonly QualityRating[];
}

const NO_ACTIVITY = { tasks: [], events: [] };

/** What one lead's activity gives its clock and reports, for its current owner. */
export const activityFactsOf = (
  lead: Lead,
  activity: { tasks: Task[]; events: SfEvent[] },
  policy: SlaPolicy,
): ActivityFacts => ({
  touches: qualifyingTouches(lead, activity.tasks, activity.events, policy),
  leadTouches: touchesByAnyone(lead, activity.tasks, activity.events, policy),
  ratings: ratingsFrom(lead.Id, activity.tasks),
});

/** The clock context of one lead as read now, beside what its activity gives. */
interface LeadContext {
  snoozedUntil: Date | null;
  assignedAt: Date | null;
  /** A pending hand-off to its owner: the relay's accept SLA covers it (shared/relay/coverage.ts). */
  awaitingAccept?: boolean;
}

const withContext = (lead: Lead, derived: ActivityFacts, context: LeadContext): FactsWithRatings => ({
  facts: {
    lead,
    touches: derived.touches,
    leadTouches: derived.leadTouches,
    snoozedUntil: context.snoozedUntil,
    assignedAt: context.assignedAt,
    ...(context.awaitingAccept ? { awaitingAccept: true } : {}),
  },
  ratings: derived.ratings,
});

/** One lead's facts and quality ratings from its activity (read by the caller). */
export function factsOf(
  lead: Lead,
  activity: { tasks: Task[]; events: SfEvent[] },
  context: LeadContext & { policy: SlaPolicy },
): FactsWithRatings {
  return withContext(lead, activityFactsOf(lead, activity, context.policy), context);
}

/** Assignment and hand-off of some leads, as read now (a caller that already read them passes them). */
export interface FreshFacts {
  assignedAt: ReadonlyMap<string, Date>;
  awaitingAccept: ReadonlySet<string>;
}

type FactsDeps = Pick<NudgesDeps, 'store' | 'config' | 'redis' | 'keys' | 'activityFacts'>;

/**
 * What each lead's activity gives: from the memo when the lead's activity token, owner and policy
 * are those it was kept under, read (one pipelined read for all the others) when not.
 */
async function activityFactsOfMany(
  deps: FactsDeps,
  leads: readonly Lead[],
): Promise<Map<string, ActivityFacts>> {
  const policy = deps.config.policy.sla;
  const cache = deps.activityFacts;
  const ids = leads.map((lead) => lead.Id);
  if (!cache) {
    const activity = await deps.store.activitiesOnMany(ids);
    return new Map(
      leads.map((lead) => [lead.Id, activityFactsOf(lead, activity.get(lead.Id) ?? NO_ACTIVITY, policy)]),
    );
  }
  // Tokens before activity: activity stored after the token was read comes with a newer token.
  const tokens = await deps.store.activityStamps(ids);
  const found = new Map<string, ActivityFacts>();
  const unread: { lead: Lead; key: ActivityFactsKey }[] = [];
  leads.forEach((lead, i) => {
    const key = { token: tokens[i] ?? null, ownerId: lead.OwnerId, policy };
    const kept = cache.get(lead.Id, key);
    if (kept) found.set(lead.Id, kept);
    else unread.push({ lead, key });
  });
  if (unread.length === 0) return found;
  const activity = await deps.store.activitiesOnMany(unread.map(({ lead }) => lead.Id));
  for (const { lead, key } of unread) {
    const derived = activityFactsOf(lead, activity.get(lead.Id) ?? NO_ACTIVITY, policy);
    cache.set(lead.Id, key, derived);
    found.set(lead.Id, derived);
  }
  return found;
}

export async function loadFacts(
  deps: FactsDeps,
  leads: readonly Lead[],
  snoozes: ReadonlyMap<string, Date>,
  fresh?: FreshFacts,
): Promise<FactsWithRatings[]> {
  // Every lead's activity (or its memo) beside its owner history and hand-offs.
  const [derived, assignedAt, awaiting] = await Promise.all([
    activityFactsOfMany(deps, leads),
    fresh?.assignedAt ?? deps.store.leadAssignedAt(leads),
    fresh?.awaitingAccept ?? leadsAwaitingAccept(deps, leads),
  ]);
  const none: ActivityFacts = { touches: [], leadTouches: [], ratings: [] };
  return leads.map((lead) =>
    withContext(lead, derived.get(lead.Id) ?? none, {
      snoozedUntil: snoozes.get(lead.Id) ?? null,
      assignedAt: assignedAt.get(lead.Id) ?? null,
      awaitingAccept: awaiting.has(lead.Id),
    }),
  );
}
