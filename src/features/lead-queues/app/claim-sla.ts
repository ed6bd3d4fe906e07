import { z } from 'zod';
import { isSlackUserId } from '../../../platform/slack/mentions.ts';
import { slackErrorCode } from '../../../platform/slack/replies.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import type { Arrival } from '../domain/arrival.ts';
import { managerOverdueMessage, overdueMessage } from '../slack/blocks.ts';
import type { LeadQueueStore } from '../store.ts';
import { postKeyOf } from './arrivals.ts';
import { sameId } from '../../../platform/salesforce/ids.ts';

/**
 * The claim SLA, run as a delayed job when it falls due: a lead still unclaimed (and still in its
 * queue) gets an overdue reply under its post, shown in the channel too (the post keeps its Claim
 * button), and the queue's manager is DMed. Both happen once per arrival however often the job runs.
 */

export type ClaimSlaDeps = Pick<LeadQueuesDeps, 'logger' | 'store' | 'delivery' | 'people' | 'slack'> & {
  leadQueues: LeadQueueStore;
};

const lookupSchema = z.object({ ok: z.literal(true), user: z.object({ id: z.string() }) });

/** The manager named in the policy (Slack ID, Salesforce User Id or email) as a Slack user, if found. */
export async function managerSlackId(
  deps: Pick<ClaimSlaDeps, 'people' | 'slack'>,
  manager: string,
): Promise<string | null> {
  if (isSlackUserId(manager)) return manager;
  if (manager.startsWith('005')) return deps.people.slackIdFor(manager);
  try {
    return lookupSchema.parse(await deps.slack.users.lookupByEmail({ email: manager })).user.id;
  } catch (error) {
    if (slackErrorCode(error) === 'users_not_found') return null;
    throw error;
  }
}

async function stillWaiting(deps: ClaimSlaDeps, arrival: Arrival): Promise<boolean> {
  const lead = await deps.store.get('Lead', arrival.leadId);
  return lead !== null && !lead.IsDeleted && !lead.IsConverted && sameId(lead.OwnerId, arrival.queueId);
}

async function tellManager(deps: ClaimSlaDeps, arrival: Arrival, managerId: string | null, waitedMs: number) {
  if (managerId === null) {
    if (arrival.manager !== null) {
      deps.logger.warn(
        { queue: arrival.queueName },
        'the queue manager named in the policy has no Slack match',
      );
    }
    return;
  }
  const message = managerOverdueMessage(arrival, waitedMs);
  await deps.delivery.enqueue({
    key: `lq-overdue-dm-${arrival.id}`,
    method: 'dm',
    args: { user: managerId, text: message.text, blocks: message.blocks },
  });
}

export async function checkClaimSla(deps: ClaimSlaDeps, arrivalId: string): Promise<string> {
  const arrival = await deps.leadQueues.arrival(arrivalId);
  if (!arrival) return 'unknown-arrival';
  const claim = await deps.leadQueues.claim(arrival.id);
  if (claim?.state === 'done') return 'claimed';
  // A claim being written may yet fail and be released: look again once it has settled.
  if (claim) throw new Error(`arrival ${arrival.id} is being claimed; checking its claim SLA again`);
  if (!(await stillWaiting(deps, arrival))) return 'left-queue';
  const post = await deps.delivery.record(postKeyOf(arrival.id));
  if (!post?.channel || !post.ts) throw new Error(`arrival ${arrival.id} has not been posted yet`);
  // Looked up first, so a failed look-up retries the whole escalation.
  const managerId = arrival.manager === null ? null : await managerSlackId(deps, arrival.manager);
  const first = await deps.leadQueues.markEscalated(arrival.id);
  const waitedMs = Date.now() - Date.parse(arrival.arrivedAt);
  const message = overdueMessage(arrival, waitedMs);
  // Keyed deliveries: a retry that enqueues them again still sends each once. A reply rather than
  // an edit of the post, so a claim's edit can never be overwritten by it.
  await deps.delivery.enqueue({
    key: `lq-overdue-${arrival.id}`,
    method: 'chat.postMessage',
    args: {
      channel: post.channel,
      thread_ts: post.ts,
      reply_broadcast: true,
      text: message.text,
      blocks: message.blocks,
    },
  });
  await tellManager(deps, arrival, managerId, waitedMs);
  return first ? 'escalated' : 'already-escalated';
}
