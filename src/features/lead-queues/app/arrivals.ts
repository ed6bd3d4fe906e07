import type { Lead } from '../../../platform/salesforce/records.ts';
import { isQueueId, sameId, type LeadQueue } from '../../../shared/people/queues.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import { arrivalIdOf, MAX_ARRIVAL_AGE_MS, type Arrival } from '../domain/arrival.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import type { LeadQueueMapping } from '../policy.ts';
import { leadQueuesQueue } from '../queue.ts';
import { leftQueueMessage, waitingMessage } from '../slack/blocks.ts';
import type { LeadQueueStore } from '../store.ts';
import { mappingFor } from './mapping.ts';
import { routeArrival, type RoutingDeps } from './routing.ts';

/**
 * Sync's lead events, seen from the queues: a lead created in (or moved to) a mapped queue is posted
 * to the queue's channel with a Claim button and its claim SLA starts; a lead taken out of the
 * queue in Salesforce (not through Claim) loses its button. Everything is keyed by the arrival, so
 * the same event processed twice posts once.
 */

export type ArrivalDeps = Pick<
  LeadQueuesDeps,
  'config' | 'logger' | 'jobs' | 'store' | 'delivery' | 'people' | 'queues'
> &
  RoutingDeps & { leadQueues: LeadQueueStore };

export const postKeyOf = (arrivalId: string): string => `lq-post-${arrivalId}`;

/** The owner a lead event gives the lead, and since when: where a queue arrival starts. */
function newOwnerOf(event: DomainEvent): { leadId: string; ownerId: string; at: string } | null {
  if (event.type === 'lead.created') return { leadId: event.leadId, ownerId: event.ownerId, at: event.at };
  if (event.type === 'lead.owner_changed') return { leadId: event.leadId, ownerId: event.to, at: event.at };
  return null;
}

export async function handleLeadEvent(deps: ArrivalDeps, event: DomainEvent): Promise<string> {
  if (event.type === 'lead.owner_changed' && isQueueId(event.from)) await handleLeft(deps, event);
  if (event.type === 'lead.converted' && isQueueId(event.ownerId)) await handleLeft(deps, event);
  const owner = newOwnerOf(event);
  if (!owner || !isQueueId(owner.ownerId)) return 'not-a-queue';
  const arrivedAtMs = Date.parse(owner.at);
  if (Date.now() - arrivedAtMs > MAX_ARRIVAL_AGE_MS) return 'too-old';
  const queue = await deps.queues.lookup(owner.ownerId);
  const mapping = queue ? mappingFor(deps.config.policy.queues, queue) : null;
  if (!queue || !mapping) return 'queue-not-mapped';
  const lead = await deps.store.get('Lead', owner.leadId);
  if (!lead || !isWaitingIn(lead, queue)) return 'not-waiting';
  await postArrival(deps, { queue, mapping, lead, arrivedAtMs });
  return 'posted';
}

export const isWaitingIn = (lead: Lead, queue: LeadQueue): boolean =>
  !lead.IsDeleted && !lead.IsConverted && sameId(lead.OwnerId, queue.id);

/**
 * Records the arrival; a queue routed round-robin assigns it to a rep, and otherwise (or when
 * nobody could be routed) it is posted with its Claim button and its claim SLA starts.
 */
export async function postArrival(
  deps: ArrivalDeps,
  facts: { queue: LeadQueue; mapping: LeadQueueMapping; lead: Lead; arrivedAtMs: number },
): Promise<void> {
  const { queue, mapping, lead, arrivedAtMs } = facts;
  const arrival: Arrival = {
    id: arrivalIdOf(lead.Id, queue.id, arrivedAtMs),
    leadId: lead.Id,
    queueId: queue.id,
    queueName: queue.name,
    channel: mapping.channel,
    claimSlaMinutes: mapping.claimSlaMinutes,
    manager: mapping.manager ?? null,
    arrivedAt: new Date(arrivedAtMs).toISOString(),
    lead: { name: lead.Name, company: lead.Company, source: lead.LeadSource, createdAt: lead.CreatedDate },
  };
  await deps.leadQueues.addArrival(arrival);
  let note: string | undefined;
  if (mapping.routing?.mode === 'round-robin') {
    const outcome = await routeArrival(deps, { arrival, queue, policy: mapping.routing, lead });
    if (outcome.routed) return;
    note = outcome.note ?? undefined;
  }
  // Both are keyed by the arrival: a retry after a crash between them re-queues neither twice.
  const message = waitingMessage(arrival, note);
  await deps.delivery.enqueue({
    key: postKeyOf(arrival.id),
    method: 'chat.postMessage',
    args: { channel: arrival.channel, text: message.text, blocks: message.blocks, unfurl_links: false },
  });
  const dueInMs = Math.max(0, arrivedAtMs + arrival.claimSlaMinutes * 60_000 - Date.now());
  await deps.jobs.add(
    leadQueuesQueue,
    'claim-sla',
    { arrivalId: arrival.id },
    { jobId: `lq-sla-${arrival.id}`, delay: dueInMs },
  );
}

type LeavingEvent = Extract<DomainEvent, { type: 'lead.owner_changed' | 'lead.converted' }>;

/** Taken out of the queue in Salesforce (assigned or converted) rather than claimed here: the post loses its button. */
async function handleLeft(deps: ArrivalDeps, event: LeavingEvent): Promise<void> {
  const arrival = await deps.leadQueues.latestArrivalOf(event.leadId);
  const queueId = event.type === 'lead.owner_changed' ? event.from : event.ownerId;
  if (!arrival || !sameId(arrival.queueId, queueId)) return;
  // A claim made here changes the owner too; its own message says so. A routed lead had no post.
  if (await deps.leadQueues.claim(arrival.id)) return;
  if ((await deps.routing.routedLead(arrival.leadId))?.arrivalId === arrival.id) return;
  if (!(await deps.leadQueues.markLeft(arrival.id))) return;
  const message =
    event.type === 'lead.converted'
      ? leftQueueMessage(arrival, { how: 'converted', ownerSlackId: null })
      : leftQueueMessage(arrival, {
          how: 'assigned',
          ownerSlackId: isQueueId(event.to) ? null : await deps.people.slackIdFor(event.to),
        });
  await deps.delivery.enqueue({
    key: `lq-left-${arrival.id}`,
    method: 'chat.update',
    updates: postKeyOf(arrival.id),
    args: { text: message.text, blocks: message.blocks },
  });
}
