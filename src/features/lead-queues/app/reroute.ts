import { sameId } from '../../../shared/people/queues.ts';
import { firstTouchAt, qualifyingTouches } from '../../../shared/sla/lead-clock.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import type { RoutedAssignment, RoutedLead } from '../routing-store.ts';
import { leadQueuesQueue } from '../queue.ts';
import { rerouteMessages } from '../slack/routing-blocks.ts';
import { managerSlackId } from './claim-sla.ts';
import { mappingFor } from './mapping.ts';
import type { LeadQueue } from '../../../shared/people/queues.ts';
import type { RoutingPolicy } from '../policy.ts';
import { assignNext, scheduleReroute, type Assigned, type RoutingDeps } from './routing.ts';

/**
 * Re-route on breach, run as a delayed job `rerouteAfterSla` x the lead's SLA after a routed
 * assignment: a lead its owner has not touched since they got it (the shared lead clock: a
 * qualifying call, email or meeting by them, or its status leaving "untouched") moves to the next
 * eligible member who has not had it, at most `maxReroutes` times. Both reps are DMed and the
 * queue's manager copied. Each move happens once however often the job runs; with nobody to move
 * it to, the check looks again later.
 */

/** With nobody eligible to take a breached lead, the check runs again this much later. */
export const LOOK_AGAIN_MS = 15 * 60_000;

export type RerouteDeps = RoutingDeps & Pick<LeadQueuesDeps, 'delivery' | 'queues'>;

async function untouchedSince(
  deps: RerouteDeps,
  record: RoutedLead,
  last: RoutedAssignment,
): Promise<boolean | null> {
  const lead = await deps.store.get('Lead', record.leadId);
  if (!lead || lead.IsDeleted || lead.IsConverted) return null;
  // Still the queue: sync has not seen bullpen's own write yet, which is the routed owner.
  if (!sameId(lead.OwnerId, last.ownerId) && !sameId(lead.OwnerId, record.queueId)) return null;
  const asOwned = { ...lead, OwnerId: last.ownerId };
  const sla = deps.config.policy.sla;
  const { tasks, events } = await deps.store.activitiesOn(lead.Id);
  const touches = qualifyingTouches(asOwned, tasks, events, sla);
  return firstTouchAt({ lead: asOwned, touches, assignedAt: new Date(last.at) }, sla, new Date()) === null;
}

async function tellEveryone(
  deps: RerouteDeps,
  record: RoutedLead,
  moved: { from: string; to: string; afterSla: number; manager: string | null; leadName: string },
) {
  const [fromSlack, toSlack] = await Promise.all([
    deps.people.slackIdFor(moved.from),
    deps.people.slackIdFor(moved.to),
  ]);
  const managerId = moved.manager ? await managerSlackId(deps, moved.manager) : null;
  const name = (slackId: string | null, userId: string) => (slackId ? `<@${slackId}>` : userId);
  const messages = rerouteMessages({
    leadName: moved.leadName,
    queueName: record.queueName,
    from: name(fromSlack, moved.from),
    to: name(toSlack, moved.to),
    afterSla: moved.afterSla,
  });
  const key = `lq-reroute-${record.leadId}-${record.assignments.length}`;
  const sends: [string | null, string, typeof messages.from][] = [
    [fromSlack, 'from', messages.from],
    [toSlack, 'to', messages.to],
    [managerId, 'manager', messages.manager],
  ];
  for (const [user, who, message] of sends) {
    if (user === null) continue;
    await deps.delivery.enqueue({
      key: `${key}-${who}`,
      method: 'dm',
      args: { user, text: message.text, blocks: message.blocks },
    });
  }
}

/** The queue's mapping while it still routes round-robin with re-routes on. */
async function rerouting(deps: RerouteDeps, queueId: string) {
  const queue = await deps.queues.lookup(queueId);
  const mapping = queue ? mappingFor(deps.config.policy.queues, queue) : null;
  const policy = mapping?.routing;
  if (!queue || !mapping || policy?.mode !== 'round-robin') return null;
  const afterSla = policy.rerouteAfterSla;
  return afterSla === undefined ? null : { queue, mapping, policy: { ...policy, rerouteAfterSla: afterSla } };
}

/** The next member who has not had the lead gets it; on any failure the step may run again. */
async function moveOn(
  deps: RerouteDeps,
  record: RoutedLead,
  facts: { queue: LeadQueue; policy: RoutingPolicy; step: string },
): Promise<Assigned> {
  const previous = record.assignments.map((assignment) => assignment.ownerId);
  const { queue, policy, step } = facts;
  const assigned = await assignNext(deps, {
    queue,
    policy,
    leadId: record.leadId,
    previous,
    turn: step,
    toldInSlack: true,
  }).catch(async (error: unknown) => {
    await deps.routing.unmark(step);
    throw error;
  });
  if (!assigned.ok) {
    await deps.routing.unmark(step);
    deps.logger.warn(
      { leadId: record.leadId, why: assigned.why },
      'a breached routed lead could not be re-routed',
    );
  }
  return assigned;
}

export async function checkReroute(
  deps: RerouteDeps,
  job: { leadId: string; reroutes: number },
): Promise<string> {
  const record = await deps.routing.routedLead(job.leadId);
  if (!record) return 'not-routed';
  const last = record.assignments.at(-1);
  if (!last || record.assignments.length - 1 !== job.reroutes) return 'stale';
  const routed = await rerouting(deps, record.queueId);
  if (!routed) return 'not-routed';
  const { queue, mapping, policy } = routed;
  if (job.reroutes >= policy.maxReroutes) return 'max-reroutes';
  const untouched = await untouchedSince(deps, record, last);
  if (untouched === null) return 'moved-on';
  if (!untouched) return 'touched';
  const step = `reroute:${record.leadId}:${job.reroutes}`;
  if (!(await deps.routing.markOnce(step))) return 'already-rerouted';
  const assigned = await moveOn(deps, record, { queue, policy, step });
  if (!assigned.ok) {
    // Nobody to move it to now (off hours, away): look again later, while it stays untouched.
    await deps.jobs.add(leadQueuesQueue, 'reroute', job, {
      jobId: `lq-reroute-${record.leadId}-${job.reroutes}-${Date.now()}`,
      delay: LOOK_AGAIN_MS,
    });
    return assigned.why;
  }
  const next: RoutedLead = {
    ...record,
    assignments: [
      ...record.assignments,
      {
        ownerId: assigned.ownerId,
        at: new Date().toISOString(),
        rule: 'reroute',
        skipped: assigned.eligibility.skipped,
        from: last.ownerId,
      },
    ],
  };
  await deps.routing.saveRoutedLead(next);
  const lead = await deps.store.get('Lead', record.leadId);
  await tellEveryone(deps, record, {
    from: last.ownerId,
    to: assigned.ownerId,
    afterSla: policy.rerouteAfterSla,
    manager: mapping.manager ?? null,
    leadName: lead?.Name ?? record.leadId,
  });
  if (lead)
    await scheduleReroute(deps, { lead, policy, ownerId: assigned.ownerId, reroutes: job.reroutes + 1 });
  return 'rerouted';
}
