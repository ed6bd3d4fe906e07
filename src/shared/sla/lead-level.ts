import type { Lead, SfEvent, Task } from '../../platform/salesforce/records.ts';
import { firstTouchAt, qualifyingTouches, type LeadFacts, type Touch } from './lead-clock.ts';
import type { SlaPolicy } from './sla-policy.ts';
import { idKey } from '../../platform/salesforce/ids.ts';

/**
 * Two clocks per lead, on purpose (issue 13 item 4):
 * - a **rep's own SLA** (nudges, App Home, contests) runs from when that rep got the lead and counts
 *   only their own touches since (lead-clock.ts, with `assignedAt`);
 * - the **lead-level follow-up rate** (the /followup report, marketing's digest) asks whether the
 *   lead was reached in time at all: first touch by anyone, previous owners included, against the
 *   SLA from the lead's creation (its first assignment). A reassignment does not reset it.
 */

/** One line for report blocks, so a reader knows which clock a number is on. */
export const LEAD_LEVEL_BASIS =
  "Basis: the rate counts the first touch by anyone from the lead's creation; stale leads and reps' own SLAs run from the rep's assignment.";

/** Qualifying touches on `lead` by anyone who owned an activity on it, oldest first. */
export function touchesByAnyone(
  lead: Lead,
  tasks: readonly Task[],
  events: readonly SfEvent[],
  policy: SlaPolicy,
): Touch[] {
  const owners = new Set([...tasks, ...events].map((activity) => idKey(activity.OwnerId)));
  // qualifyingTouches keeps one owner's activity: ask it once per owner, as if each owned the lead.
  return [...owners]
    .flatMap((ownerId) => qualifyingTouches({ ...lead, OwnerId: ownerId }, tasks, events, policy))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
}

/** The facts as the lead-level rate sees them: every owner's touches, the clock from creation. */
export const leadLevelFacts = (facts: LeadFacts): LeadFacts => ({
  ...facts,
  touches: facts.leadTouches ?? facts.touches,
  assignedAt: null,
});

/** When anyone first touched the lead (activity or status change), as of `now`; null if never. */
export const firstTouchByAnyoneAt = (facts: LeadFacts, policy: SlaPolicy, now: Date): Date | null =>
  firstTouchAt(leadLevelFacts(facts), policy, now);
