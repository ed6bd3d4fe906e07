import type { Lead } from '../../../platform/salesforce/records.ts';
import type { LeadQueue } from '../../../shared/people/queues.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { addBusinessHours } from '../../../shared/sla/business-clock.ts';
import { firstTouchHoursFor } from '../../../shared/sla/sla-policy.ts';
import { AssignmentNotices } from '../../../shared/sync/assignment-notices.ts';
import { LeadAssignments } from '../../../shared/sync/lead-assignments.ts';
import type { Arrival } from '../domain/arrival.ts';
import type { Eligibility } from '../domain/routing.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import type { RoutingPolicy } from '../policy.ts';
import { leadQueuesQueue } from '../queue.ts';
import type { RoutedAssignment, RoutedLead } from '../routing-store.ts';
import { noEligibleNote } from '../slack/routing-blocks.ts';
import { writeLeadOwner } from './owner-write.ts';
import { routingEligibility, type MemberDeps } from './routing-members.ts';

/**
 * Round-robin routing of a queue's new lead: the next eligible member (routing-members.ts) gets it,
 * written to Salesforce once and recorded in the owner history (the SLA clock starts there) and in
 * routing's own record (who, when, why, who was skipped). The rep hears about it through the
 * assignment alert once sync sees the owner change. With nobody eligible, or a write Salesforce
 * refuses, the lead is posted with its Claim button instead, saying why.
 */

export type RoutingDeps = MemberDeps & Pick<LeadQueuesDeps, 'salesforce' | 'jobs'>;

export type RouteOutcome = { routed: true } | { routed: false; note: string | null };

export type Assigned =
  | { ok: true; ownerId: string; eligibility: Eligibility }
  | { ok: false; why: 'nobody-eligible' | 'write-refused'; eligibility: Eligibility };

/** Picks, writes and records one assignment, unless nobody is eligible or Salesforce refuses. */
export async function assignNext(
  deps: RoutingDeps,
  facts: {
    queue: LeadQueue;
    policy: RoutingPolicy;
    leadId: string;
    previous: readonly string[];
    turn: string;
    /** A re-route DMs the new owner itself; a first route leaves the news to the assignment alert. */
    toldInSlack?: boolean;
  },
): Promise<Assigned> {
  const eligibility = await routingEligibility(deps, facts.queue, facts.policy, facts.previous);
  const ownerId = await deps.routing.pick(facts.queue.id, facts.turn, eligibility.candidates);
  if (ownerId === null) return { ok: false, why: 'nobody-eligible', eligibility };
  const notices = new AssignmentNotices(deps.redis, deps.keys);
  if (facts.toldInSlack) await notices.markTold(facts.leadId, ownerId);
  const write = await writeLeadOwner(deps.salesforce, facts.leadId, ownerId);
  if (!write.ok) {
    if (facts.toldInSlack) await notices.clear(facts.leadId, ownerId);
    deps.logger.warn({ err: write.error, leadId: facts.leadId }, 'Salesforce refused a routed owner');
    return { ok: false, why: 'write-refused', eligibility };
  }
  const from = facts.previous.at(-1) ?? facts.queue.id;
  await new LeadAssignments(deps.redis, deps.keys).recordAssignment(
    facts.leadId,
    ownerId,
    new Date(),
    'bullpen',
    from,
  );
  return { ok: true, ownerId, eligibility };
}

/** The re-route check, due `rerouteAfterSla` times the lead's first-touch SLA after this assignment. */
export async function scheduleReroute(
  deps: RoutingDeps,
  facts: { lead: Lead; policy: RoutingPolicy; ownerId: string; reroutes: number },
): Promise<void> {
  const { policy, lead } = facts;
  if (policy.rerouteAfterSla === undefined || facts.reroutes >= policy.maxReroutes) return;
  const sla = deps.config.policy.sla;
  const user = await deps.store.get('User', facts.ownerId);
  const slackUserId = await deps.people.slackIdFor(facts.ownerId);
  const timeZone = await timeZoneOf(deps, { slackUserId, salesforceUser: user });
  const hours = policy.rerouteAfterSla * firstTouchHoursFor(lead.LeadSource, sla);
  const dueAt = addBusinessHours(new Date(), hours, timeZone, sla.calendar);
  await deps.jobs.add(
    leadQueuesQueue,
    'reroute',
    { leadId: lead.Id, reroutes: facts.reroutes },
    { jobId: `lq-reroute-${lead.Id}-${facts.reroutes}`, delay: Math.max(0, dueAt.getTime() - Date.now()) },
  );
}

export async function routeArrival(
  deps: RoutingDeps,
  facts: { arrival: Arrival; queue: LeadQueue; policy: RoutingPolicy; lead: Lead },
): Promise<RouteOutcome> {
  const { arrival, queue, policy, lead } = facts;
  // Once per arrival: the same event seen twice (or the waiting-leads look) routes nothing more.
  if (!(await deps.routing.markOnce(`arrival:${arrival.id}`))) return { routed: true };
  const turn = `arrival:${arrival.id}`;
  const assigned = await assignNext(deps, { queue, policy, leadId: lead.Id, previous: [], turn }).catch(
    async (error: unknown) => {
      // The job's retry routes again, to the same member (the turn keeps its pick).
      await deps.routing.unmark(`arrival:${arrival.id}`);
      throw error;
    },
  );
  if (!assigned.ok) {
    const note =
      assigned.why === 'nobody-eligible'
        ? noEligibleNote(assigned.eligibility.skipped.length)
        : ':information_source: Routing could not assign this lead in Salesforce: claim it here.';
    return { routed: false, note };
  }
  const assignment: RoutedAssignment = {
    ownerId: assigned.ownerId,
    at: new Date().toISOString(),
    rule: 'round-robin',
    skipped: assigned.eligibility.skipped,
    from: null,
  };
  const record: RoutedLead = {
    leadId: lead.Id,
    queueId: queue.id,
    queueName: queue.name,
    arrivalId: arrival.id,
    assignments: [assignment],
  };
  await deps.routing.saveRoutedLead(record);
  await scheduleReroute(deps, { lead, policy, ownerId: assigned.ownerId, reroutes: 0 });
  return { routed: true };
}
