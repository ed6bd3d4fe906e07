import type { Services } from '../../../services.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import { digestJobId, digestWindowId, escalationJobId, mayDeliverDigest, planEscalations } from '../domain/digest.ts';
import type { ClockedLead } from '../domain/digest.ts';
import { selectDigestLeads } from '../domain/digest.ts';
import { ESCALATION_JOB, REP_DIGEST_JOB, type DigestJobData } from './digest-delivery.ts';
import { allUsers, ownerQueue } from './lead-loader.ts';
import { NudgeState, type RecipientKind } from '../store.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';

/**
 * The recurring scan: reads every owner's open leads from the Redis store, decides who gets a digest
 * (or an escalation) in this window, and enqueues one job per recipient with a deterministic id.
 * Two workers scanning at once, or a retried scan, enqueue the same ids, so nobody gets two digests.
 */

export interface ScanResult {
  windowId: string;
  /** Job ids enqueued (or already present) for rep digests and manager escalations. */
  repDigests: string[];
  escalations: string[];
  /** Recipients passed over, by reason (outside working hours, daily cap, unmatched in Slack...). */
  skipped: Record<string, number>;
}

export interface ScanOptions {
  /** The scan's clock; tests pin it. */
  now?: Date;
}

async function mayDeliver(
  services: Services,
  kind: RecipientKind,
  recipientId: string,
  timeZone: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const state = new NudgeState(services);
  const [sent, lastSentAt] = await Promise.all([
    state.sentOn(kind, recipientId, localDateKey(now, timeZone)),
    state.lastSentAt(kind, recipientId),
  ]);
  return mayDeliverDigest({
    now,
    repTimeZone: timeZone,
    policy: services.config.policy.sla,
    sentToday: sent.length,
    lastSentAt,
  });
}

export async function runNudgeScan(services: Services, options: ScanOptions = {}): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const policy = services.config.policy.sla;
  const windowId = digestWindowId(now, policy);
  const queue = services.jobs.queueNamed('nudges');
  const result: ScanResult = { windowId, repDigests: [], escalations: [], skipped: {} };
  const skip = (reason: string) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1);
  const snoozes = await new NudgeState(services).snoozes();
  const users = await allUsers(services);
  // Only escalated leads outlive their owner's turn: keeping every clocked lead for the manager
  // pass cost ~1 GB at 100,000 leads.
  const escalated: ClockedLead[] = [];

  for (const user of users) {
    const leadIds = await services.store.leadIdsOwnedBy(user.Id);
    if (leadIds.length === 0) continue;
    const queueOf = await ownerQueue(services, user.Id, { now, snoozes, known: { owner: user, leadIds } });
    for (const clocked of queueOf.clocked) if (clocked.clock.escalate) escalated.push(clocked);
    const selection = selectDigestLeads(queueOf.clocked, policy);
    if (selection.leads.length === 0) continue;
    if (!queueOf.slackUserId) {
      skip('owner-not-in-slack');
      continue;
    }
    const check = await mayDeliver(services, 'rep', user.Id, queueOf.timeZone, now);
    if (!check.ok) {
      skip(check.reason);
      continue;
    }
    const jobId = digestJobId(user.Id, windowId);
    const data: DigestJobData = {
      recipientSalesforceId: user.Id,
      recipientSlackId: queueOf.slackUserId,
      windowId,
      now: now.toISOString(),
      leadIds: selection.leads.map((c) => c.lead.Id),
      moreCount: selection.moreCount,
    };
    await queue.add(REP_DIGEST_JOB, data, { jobId });
    result.repDigests.push(jobId);
  }

  const plan = planEscalations(escalated, users);
  if (plan.unrouted.length > 0) skip('escalation-without-manager');
  for (const batch of plan.batches) {
    const slackUserId = await services.people.slackIdFor(batch.managerId);
    if (!slackUserId) {
      skip('manager-not-in-slack');
      continue;
    }
    const manager = users.find((u) => u.Id === batch.managerId) ?? null;
    const timeZone = await timeZoneOf(services, { slackUserId, salesforceUser: manager });
    const check = await mayDeliver(services, 'escalation', batch.managerId, timeZone, now);
    if (!check.ok) {
      skip(`escalation-${check.reason}`);
      continue;
    }
    const jobId = escalationJobId(batch.managerId, windowId);
    const data: DigestJobData = {
      recipientSalesforceId: batch.managerId,
      recipientSlackId: slackUserId,
      windowId,
      now: now.toISOString(),
      leadIds: batch.leads.map((c) => c.lead.Id),
      moreCount: 0,
    };
    await queue.add(ESCALATION_JOB, data, { jobId });
    result.escalations.push(jobId);
  }
  services.logger.info(
    {
      windowId,
      repDigests: result.repDigests.length,
      escalations: result.escalations.length,
      skipped: result.skipped,
    },
    'nudge scan done',
  );
  return result;
}
