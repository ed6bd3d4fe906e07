import { instanceUrlOrDefault } from '../../../shared/sync/sync-state.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { relayQueue } from '../queue.ts';
import { escalationMessage, handoffMessage, reminderMessage } from '../slack/handoff-blocks.ts';
import { RelayStore } from '../store.ts';
import type { RelayDeps } from './deps.ts';

/** The AE hears of a hand-off at once; the accept SLA's reminder and escalation are queued with it. */

const deliveryKey = (kind: string, h: Pick<Handoff, 'leadId' | 'handedOffAt'>): string =>
  `relay-${kind}-${h.leadId.slice(0, 15)}-${Date.parse(h.handedOffAt)}`;

export async function announceHandoff(deps: RelayDeps, handoff: Handoff): Promise<void> {
  const aeSlackId = await deps.people.slackIdFor(handoff.aeSalesforceId);
  if (aeSlackId) {
    await deps.delivery.enqueue({
      key: deliveryKey('handoff', handoff),
      method: 'dm',
      args: { user: aeSlackId, ...handoffMessage(handoff, await instanceUrlOrDefault(deps)) },
    });
  } else {
    deps.logger.warn(
      { leadId: handoff.leadId },
      'relay: the AE has no Slack account bullpen knows; no DM sent',
    );
  }
  const untilDue = Math.max(0, Date.parse(handoff.dueAt) - Date.now());
  const data = { leadId: handoff.leadId, handedOffAt: handoff.handedOffAt };
  const jobId = (kind: string) => deliveryKey(kind, handoff);
  await deps.jobs.add(relayQueue, 'accept-reminder', data, { jobId: jobId('reminder'), delay: untilDue });
  // The manager hears after a second SLA period without an answer.
  const untilEscalation = untilDue + (Date.parse(handoff.dueAt) - Date.parse(handoff.handedOffAt));
  await deps.jobs.add(relayQueue, 'accept-escalation', data, {
    jobId: jobId('escalation'),
    delay: untilEscalation,
  });
}

/** The hand-off the job was queued for, if the AE has still not answered it. */
async function stillPending(
  deps: RelayDeps,
  data: { leadId: string; handedOffAt: string },
): Promise<Handoff | null> {
  const handoff = await new RelayStore(deps.redis, deps.keys).get(data.leadId);
  return handoff?.state === 'pending' && handoff.handedOffAt === data.handedOffAt ? handoff : null;
}

export async function remindAe(
  deps: RelayDeps,
  data: { leadId: string; handedOffAt: string },
): Promise<string> {
  const handoff = await stillPending(deps, data);
  if (!handoff) return 'answered';
  const aeSlackId = await deps.people.slackIdFor(handoff.aeSalesforceId);
  if (!aeSlackId) return 'no-slack-account';
  await deps.delivery.enqueue({
    key: deliveryKey('reminder', handoff),
    method: 'dm',
    args: { user: aeSlackId, ...reminderMessage(handoff, await instanceUrlOrDefault(deps)) },
  });
  return 'reminded';
}

export async function escalateToManager(
  deps: RelayDeps,
  data: { leadId: string; handedOffAt: string },
): Promise<string> {
  const handoff = await stillPending(deps, data);
  if (!handoff) return 'answered';
  const ae = await deps.store.get('User', handoff.aeSalesforceId);
  const managerSlackId = ae?.ManagerId ? await deps.people.slackIdFor(ae.ManagerId) : null;
  if (!managerSlackId) return 'no-manager';
  const aeSlackId = await deps.people.slackIdFor(handoff.aeSalesforceId);
  await deps.delivery.enqueue({
    key: deliveryKey('escalation', handoff),
    method: 'dm',
    args: { user: managerSlackId, text: escalationMessage(handoff, aeSlackId) },
  });
  return 'escalated';
}
