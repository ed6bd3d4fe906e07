import { randomUUID } from 'node:crypto';
import type { Arrival } from '../domain/arrival.ts';
import { checkClaim, alreadyClaimed, writeFailedText, type ClaimRecord } from '../domain/claim.ts';
import { AssignmentNotices } from '../../../shared/sync/assignment-notices.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import { claimedMessage } from '../slack/blocks.ts';
import type { RoutingStore } from '../routing-store.ts';
import type { LeadQueueStore } from '../store.ts';
import { postKeyOf } from './arrivals.ts';
import { writeLeadOwner } from './owner-write.ts';

/**
 * A Claim click: checked against the stored lead and the queue's members, taken atomically in Redis
 * (the first click wins, every other one hears who has it), then Lead.OwnerId is written to
 * Salesforce once. If Salesforce refuses, the claim is released and the clicker told why; if it
 * accepts, the channel post becomes "Claimed by @x after 3m 12s" for everyone.
 */

export type ClaimDeps = Pick<
  LeadQueuesDeps,
  'logger' | 'store' | 'salesforce' | 'delivery' | 'people' | 'queues' | 'redis' | 'keys'
> & { leadQueues: LeadQueueStore; routing: RoutingStore };

export type ClaimOutcome = { ok: true; waitedMs: number } | { ok: false; text: string };

const NOT_WAITING =
  'This lead is no longer waiting in a queue bullpen posts (or its post is over a month old).';

export async function claimLead(
  deps: ClaimDeps,
  request: { arrivalId: string; slackUserId: string },
): Promise<ClaimOutcome> {
  const arrival = await deps.leadQueues.arrival(request.arrivalId);
  if (!arrival) return { ok: false, text: NOT_WAITING };
  const salesforceUserId = await deps.people.salesforceIdFor(request.slackUserId);
  const [lead, existing, isMember] = await Promise.all([
    deps.store.get('Lead', arrival.leadId),
    deps.leadQueues.claim(arrival.id),
    salesforceUserId ? deps.queues.isMember(arrival.queueId, salesforceUserId) : Promise.resolve(false),
  ]);
  const check = checkClaim({ arrival, lead, existing, salesforceUserId, isMember });
  if (!check.ok) return { ok: false, text: check.reason };

  const claim: ClaimRecord = {
    token: randomUUID(),
    slackUserId: request.slackUserId,
    state: 'writing',
    at: new Date().toISOString(),
  };
  const taken = await deps.leadQueues.tryClaim(arrival.id, claim);
  if (!taken.won) {
    return {
      ok: false,
      text: taken.holder ? alreadyClaimed(taken.holder) : 'Someone else just claimed this lead.',
    };
  }
  // The claimer's click is their news: the instant assignment alert need not repeat it.
  const notices = new AssignmentNotices(deps.redis, deps.keys);
  await notices.markTold(arrival.leadId, check.salesforceUserId);
  const write = await writeLeadOwner(deps.salesforce, arrival.leadId, check.salesforceUserId);
  if (!write.ok) {
    await notices.clear(arrival.leadId, check.salesforceUserId);
    await deps.leadQueues.releaseClaim(arrival.id, claim.token);
    deps.logger.warn(
      { err: write.error, leadId: arrival.leadId },
      'Salesforce refused a queue claim; claim released',
    );
    return { ok: false, text: writeFailedText(write.error) };
  }
  if (!(await deps.leadQueues.completeClaim(arrival.id, claim))) {
    deps.logger.warn(
      { leadId: arrival.leadId },
      'a queue claim lapsed during its Salesforce write and was retaken',
    );
  }
  return { ok: true, waitedMs: await announceClaim(deps, arrival, claim, check.salesforceUserId) };
}

/** Puts the claim on record for `/routing why` and turns the channel post into "Claimed by @x". */
async function announceClaim(
  deps: ClaimDeps,
  arrival: Arrival,
  claim: ClaimRecord,
  ownerId: string,
): Promise<number> {
  const queueName = (await deps.queues.get(arrival.queueId))?.name ?? arrival.queueId;
  const onRecord = { leadId: arrival.leadId, queueId: arrival.queueId, queueName, arrivalId: arrival.id };
  await deps.routing.recordClaim(onRecord, ownerId, claim.at);
  const waitedMs = Date.parse(claim.at) - Date.parse(arrival.arrivedAt);
  const message = claimedMessage(arrival, claim.slackUserId, waitedMs);
  await deps.delivery.enqueue({
    key: `lq-claimed-${arrival.id}`,
    method: 'chat.update',
    updates: postKeyOf(arrival.id),
    args: { text: message.text, blocks: message.blocks },
  });
  return waitedMs;
}
