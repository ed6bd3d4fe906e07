import type { Lead } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import type { NudgesDeps } from '../deps.ts';
import { compareByUrgency, type ClockedLead } from '../domain/digest.ts';
import type { DigestRecord, RecipientKind } from '../domain/digest-records.ts';
import type { DigestJobData } from '../queue.ts';
import type { SlackMessage } from '../slack/blocks.ts';
import { buildManagerEscalation } from '../slack/escalation-blocks.ts';
import type { Names } from '../slack/report-blocks.ts';
import { NudgeState } from '../store.ts';
import { renderRepDigest, type DigestRenderDeps } from './digest-render.ts';
import { clockLeads, instanceUrl, timeZoneOfUser } from './lead-loader.ts';

/**
 * The delivery side of nudges: a scan enqueues one job per recipient and window (job id from
 * `digestJobId`/`escalationJobId`); the job records the digest, counts it against the daily cap and
 * hands the DM to the Slack delivery queue under the same key, so a job run twice posts once.
 */

export type DigestDeliveryDeps = DigestRenderDeps & Pick<NudgesDeps, 'delivery'>;

export interface DeliveryResult {
  delivered: boolean;
  reason?: string;
}

/** Counts the digest against the recipient's day unless the day is full (atomic: see COUNT_SENT_SCRIPT). */
async function claimDailySlot(
  deps: Pick<NudgesDeps, 'redis' | 'keys' | 'config'>,
  claim: { kind: RecipientKind; data: DigestJobData; digestId: string; timeZone: string },
): Promise<boolean> {
  const { kind, data, digestId } = claim;
  const now = new Date(data.now);
  return new NudgeState(deps).countSent(kind, data.recipientSalesforceId, localDateKey(now, claim.timeZone), {
    id: digestId,
    at: now,
    cap: deps.config.policy.sla.nudges.maxDigestsPerDay,
  });
}

/**
 * The digest's record is written once, when its daily slot is claimed: a job that runs again (a
 * retry, a second worker) renders the same digest and the delivery key posts it once.
 */
async function claimDigest(
  deps: DigestRenderDeps,
  kind: RecipientKind,
  digestId: string,
  data: DigestJobData,
): Promise<DigestRecord | null> {
  const state = new NudgeState(deps);
  const existing = await state.digest(digestId);
  if (existing) return existing;
  const timeZone = await timeZoneOfUser(deps, {
    salesforceId: data.recipientSalesforceId,
    slackUserId: data.recipientSlackId,
  });
  if (!(await claimDailySlot(deps, { kind, data, digestId, timeZone }))) return null;
  return state.saveDigest({
    id: digestId,
    kind,
    recipientSlackId: data.recipientSlackId,
    recipientSalesforceId: data.recipientSalesforceId,
    leadIds: data.leadIds,
    moreCount: kind === 'rep' ? data.moreCount : 0,
    sentAt: data.now,
  });
}

/** Hands the DM to the delivery queue under the digest's id, so a job run twice posts once. */
async function sendDigest(
  deps: Pick<NudgesDeps, 'delivery'>,
  digestId: string,
  data: DigestJobData,
  message: SlackMessage,
): Promise<DeliveryResult> {
  await deps.delivery.enqueue({
    key: digestId,
    method: 'dm',
    args: { user: data.recipientSlackId, text: message.text, blocks: message.blocks },
  });
  return { delivered: true };
}

export async function deliverRepDigest(
  deps: DigestDeliveryDeps,
  digestId: string,
  data: DigestJobData,
): Promise<DeliveryResult> {
  const record = await claimDigest(deps, 'rep', digestId, data);
  if (!record) return { delivered: false, reason: 'daily-cap-reached' };
  return sendDigest(deps, digestId, data, await renderRepDigest(deps, record, new Date(data.now)));
}

/**
 * The escalated leads on their owners' clocks, with the owners' names and Slack ids. Each owner's
 * user record, Slack id and time zone are read once, not once per lead, and only for the owners in
 * this digest rather than every user in the org.
 */
async function clockByOwner(
  deps: DigestRenderDeps,
  leads: readonly Lead[],
  now: Date,
): Promise<{ items: ClockedLead[]; names: Names }> {
  const snoozes = await new NudgeState(deps).snoozesOf(
    leads.map((lead) => lead.Id),
    now,
  );
  const byOwner = new Map<string, Lead[]>();
  for (const lead of leads) byOwner.set(lead.OwnerId, [...(byOwner.get(lead.OwnerId) ?? []), lead]);
  const items: ClockedLead[] = [];
  const slackIds: Record<string, string> = {};
  const users: Record<string, string> = {};
  for (const [ownerId, ownLeads] of byOwner) {
    const [owner, slackUserId] = await Promise.all([
      deps.store.get('User', ownerId),
      deps.people.slackIdFor(ownerId),
    ]);
    const timeZone = await timeZoneOf(deps, { slackUserId, salesforceUser: owner });
    const clocked = await clockLeads(deps, ownLeads, { now, timeZone, snoozes });
    items.push(...clocked);
    if (clocked.length === 0) continue;
    if (slackUserId) slackIds[ownerId] = slackUserId;
    users[ownerId] = owner?.Name ?? ownerId;
  }
  return { items, names: { slackIds, users } };
}

export async function deliverEscalation(
  deps: DigestDeliveryDeps,
  digestId: string,
  data: DigestJobData,
): Promise<DeliveryResult> {
  const record = await claimDigest(deps, 'escalation', digestId, data);
  if (!record) return { delivered: false, reason: 'daily-cap-reached' };
  const leads = await deps.store.getMany('Lead', record.leadIds);
  const { items, names } = await clockByOwner(deps, leads, new Date(data.now));
  const message = buildManagerEscalation({
    leads: items.sort(compareByUrgency),
    instanceUrl: await instanceUrl(deps),
    names,
  });
  return sendDigest(deps, digestId, data, message);
}
