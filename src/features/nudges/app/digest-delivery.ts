import { z } from 'zod';
import type { Lead } from '../../../platform/salesforce/records.ts';
import type { Services } from '../../../services.ts';
import { buildRepDigest, type SlackMessage } from '../slack/blocks.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import { compareByUrgency, type DigestSelection, type ClockedLead } from '../domain/digest.ts';
import { handledSections, stillOpen } from '../slack/handled-blocks.ts';
import { clockLeads, instanceUrl } from './lead-loader.ts';
import { buildManagerEscalation } from '../slack/report-blocks.ts';
import { NudgeState, type DigestRecord, type RecipientKind } from '../store.ts';
import { escapeAndTruncate } from '../domain/text.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';

/**
 * The delivery side of nudges: a scan enqueues one job per recipient and window (job id from
 * `digestJobId`/`escalationJobId`); the job records the digest, counts it against the daily cap and
 * hands the DM to the Slack delivery queue under the same key, so a job run twice posts once.
 */

export const REP_DIGEST_JOB = 'rep-digest';
export const ESCALATION_JOB = 'escalation-digest';

export const digestJobDataSchema = z.object({
  recipientSalesforceId: z.string(),
  recipientSlackId: z.string(),
  windowId: z.string(),
  /** The scan's clock, so a retried job decides exactly as the first attempt would. */
  now: z.iso.datetime(),
  leadIds: z.array(z.string()),
  moreCount: z.number().int().min(0),
});
export type DigestJobData = z.infer<typeof digestJobDataSchema>;

/** The rep digest as it stands now: handled leads move to a "Done" list, the rest keep their buttons. */
export async function renderRepDigest(
  services: Services,
  record: DigestRecord,
  now: Date,
): Promise<SlackMessage> {
  const state = new NudgeState(services);
  const [handled, snoozes, owner] = await Promise.all([
    state.handled(record.id),
    state.snoozes(),
    services.store.get('User', record.recipientSalesforceId),
  ]);
  const timeZone = await timeZoneOf(services, {
    slackUserId: record.recipientSlackId,
    salesforceUser: owner,
  });
  const leads = await services.store.getMany(
    'Lead',
    record.leadIds.filter((id) => stillOpen(handled.get(id))),
  );
  // A digest lists what it listed: snoozes set after it was sent do not hide leads from it.
  const clocked = (await clockLeads(services, leads, { now, timeZone, snoozes })).map((item) => ({
    ...item,
    clock: { ...item.clock, nudge: true },
  }));
  const remaining = clocked.sort(compareByUrgency);
  const selection: DigestSelection<ClockedLead> = {
    leads: remaining,
    moreCount: record.moreCount,
    overdueCount: remaining.filter((c) => c.clock.state === 'overdue').length,
    dueSoonCount: remaining.filter((c) => c.clock.state === 'due-soon').length,
  };
  const message = buildRepDigest({
    selection,
    digestId: record.id,
    instanceUrl: await instanceUrl(services),
    policy: services.config.policy.sla,
  });
  message.blocks.splice(message.blocks.length - 1, 0, ...handledSections(handled.values()));
  if (handled.size > 0 && remaining.length === 0) {
    message.text = `bullpen: all ${handled.size} leads in this digest handled`;
  }
  return message;
}

/** Edits the delivered digest in place (chat.update through the delivery queue). */
export async function refreshDigest(services: Services, digestId: string, now = new Date()): Promise<void> {
  const state = new NudgeState(services);
  const record = await state.digest(digestId);
  if (!record || record.kind !== 'rep') return;
  const message = await renderRepDigest(services, record, now);
  const revision = await state.nextRevision(digestId);
  await services.delivery.enqueue({
    key: `${digestId}-r${revision}`,
    method: 'chat.update',
    updates: digestId,
    args: { text: message.text, blocks: message.blocks },
  });
}

async function claimDailySlot(
  services: Services,
  kind: RecipientKind,
  data: DigestJobData,
  digestId: string,
  timeZone: string,
): Promise<boolean> {
  const state = new NudgeState(services);
  const now = new Date(data.now);
  const localDate = localDateKey(now, timeZone);
  const sent = await state.sentOn(kind, data.recipientSalesforceId, localDate);
  if (!sent.includes(digestId) && sent.length >= services.config.policy.sla.nudges.maxDigestsPerDay) {
    return false;
  }
  await state.countSent(kind, data.recipientSalesforceId, localDate, digestId, now);
  return true;
}

async function recipientTimeZone(services: Services, data: DigestJobData): Promise<string> {
  const user = await services.store.get('User', data.recipientSalesforceId);
  return timeZoneOf(services, { slackUserId: data.recipientSlackId, salesforceUser: user });
}

/**
 * The digest's record is written once, when its daily slot is claimed: a job that runs again (a
 * retry, a second worker) renders the same digest and the delivery key posts it once.
 */
async function claimDigest(
  services: Services,
  kind: 'rep' | 'escalation',
  digestId: string,
  data: DigestJobData,
): Promise<DigestRecord | null> {
  const state = new NudgeState(services);
  const existing = await state.digest(digestId);
  if (existing) return existing;
  const timeZone = await recipientTimeZone(services, data);
  if (!(await claimDailySlot(services, kind, data, digestId, timeZone))) return null;
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

export async function deliverRepDigest(
  services: Services,
  digestId: string,
  data: DigestJobData,
): Promise<{ delivered: boolean; reason?: string }> {
  const record = await claimDigest(services, 'rep', digestId, data);
  if (!record) return { delivered: false, reason: 'daily-cap-reached' };
  const message = await renderRepDigest(services, record, new Date(data.now));
  await services.delivery.enqueue({
    key: digestId,
    method: 'dm',
    args: { user: data.recipientSlackId, text: message.text, blocks: message.blocks },
  });
  return { delivered: true };
}

export async function deliverEscalation(
  services: Services,
  digestId: string,
  data: DigestJobData,
): Promise<{ delivered: boolean; reason?: string }> {
  const record = await claimDigest(services, 'escalation', digestId, data);
  if (!record) return { delivered: false, reason: 'daily-cap-reached' };
  const state = new NudgeState(services);
  const now = new Date(data.now);
  const leads = await services.store.getMany('Lead', record.leadIds);
  const snoozes = await state.snoozes();
  // Each owner's user record, Slack id and time zone are read once, not once per lead, and only for
  // the owners in this digest rather than every user in the org.
  const byOwner = new Map<string, Lead[]>();
  for (const lead of leads) byOwner.set(lead.OwnerId, [...(byOwner.get(lead.OwnerId) ?? []), lead]);
  const items: ClockedLead[] = [];
  const slackIds: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const [ownerId, ownLeads] of byOwner) {
    const [owner, slackUserId] = await Promise.all([
      services.store.get('User', ownerId),
      services.people.slackIdFor(ownerId),
    ]);
    const timeZone = await timeZoneOf(services, { slackUserId, salesforceUser: owner });
    const clocked = await clockLeads(services, ownLeads, { now, timeZone, snoozes });
    items.push(...clocked);
    if (clocked.length === 0) continue;
    if (slackUserId) slackIds[ownerId] = slackUserId;
    names[ownerId] = owner?.Name ?? ownerId;
  }
  const message = buildManagerEscalation({
    leads: items.sort(compareByUrgency),
    instanceUrl: await instanceUrl(services),
    names: { slackIds, users: names },
  });
  await services.delivery.enqueue({
    key: digestId,
    method: 'dm',
    args: { user: data.recipientSlackId, text: message.text, blocks: message.blocks },
  });
  return { delivered: true };
}

/** "Log call" → "Call logged by @someone for *Jane Doe*". */
export function handledText(what: string, actorSlackId: string, leadName: string): string {
  return `${what} for *${escapeAndTruncate(leadName || 'Unnamed lead', 80)}* by <@${actorSlackId}>`;
}
