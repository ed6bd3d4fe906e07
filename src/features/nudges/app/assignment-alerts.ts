import { randomUUID } from 'node:crypto';
import type { Lead } from '../../../platform/salesforce/records.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import { sameSalesforceId, type LeadClock } from '../../../shared/sla/lead-clock.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import { AlertState } from '../alert-store.ts';
import type { NudgesDeps } from '../deps.ts';
import {
  alertIdFor,
  alertTiming,
  assignmentKey,
  isUserId,
  takesMoreLeads,
  type Assignment,
} from '../domain/alert-batch.ts';
import { ALERT_JOB, ALERT_REFRESH_JOB, nudgesQueue } from '../queue.ts';
import { NudgeState } from '../store.ts';
import { renderAlert } from './alert-render.ts';
import type { DigestRenderDeps } from './digest-render.ts';
import { clockLeads, timeZoneOfUser } from './lead-loader.ts';

/**
 * The instant assignment alert: a lead created with, or reassigned to, a rep DMs that rep within
 * seconds of sync seeing it. Per rep, one message takes in the leads that arrive while it is
 * unanswered (edited in place), so a burst is one notification. Quiet hours, working hours and the
 * daily nudge budget defer an alert (a delayed job), unless the lead's deadline would pass first.
 *
 * Everything for one rep runs under their lock, in order: the post and its edits go straight
 * through the delivery layer (not its queue), and an edit renders the alert as it is when it runs,
 * so an older edit can never land after a newer one.
 */

/** Long enough for a sync page's worth of leads to arrive; short enough to read as instant. */
const REFRESH_DELAY_MS = 500;

export type AlertDeps = DigestRenderDeps & Pick<NudgesDeps, 'delivery' | 'jobs'>;

export type AlertOutcome =
  | { outcome: 'opened' | 'added'; alertId: string; urgent: boolean }
  | { outcome: 'deferred'; until: Date; reason: string }
  | { outcome: 'duplicate' | 'stale' | 'closed' | 'owner-not-in-slack' };

/** The assignment an event announces, when it gives a lead to a user (never a queue). */
export function assignmentOf(event: DomainEvent): Assignment | null {
  const ownerId =
    event.type === 'lead.created' ? event.ownerId : event.type === 'lead.owner_changed' ? event.to : null;
  if (ownerId === null || !isUserId(ownerId) || !('leadId' in event)) return null;
  return { leadId: event.leadId, ownerId, assignedAt: new Date(event.at).toISOString() };
}

interface Target {
  lead: Lead;
  clock: LeadClock;
  slackUserId: string;
  timeZone: string;
}

/** The lead as it is now, if it is still open and still the assignee's, and the assignee in Slack. */
async function loadTarget(
  deps: AlertDeps,
  a: Assignment,
  now: Date,
): Promise<Target | { outcome: 'stale' | 'closed' | 'owner-not-in-slack' }> {
  const lead = await deps.store.get('Lead', a.leadId);
  if (!lead || lead.IsDeleted || !sameSalesforceId(lead.OwnerId, a.ownerId)) return { outcome: 'stale' };
  const slackUserId = await deps.people.slackIdFor(a.ownerId);
  if (!slackUserId) return { outcome: 'owner-not-in-slack' };
  const timeZone = await timeZoneOfUser(deps, { salesforceId: a.ownerId, slackUserId });
  const [clocked] = await clockLeads(deps, [lead], { now, timeZone, snoozes: new Map() });
  if (!clocked) return { outcome: 'closed' };
  return { lead, clock: clocked.clock, slackUserId, timeZone };
}

/** Posts a new alert for this assignment and makes it the rep's open one. */
async function openAlert(deps: AlertDeps, a: Assignment, target: Target, now: Date): Promise<string> {
  const state = new NudgeState(deps);
  const alertId = alertIdFor(a);
  const record = await state.saveDigest({
    id: alertId,
    kind: 'alert',
    recipientSlackId: target.slackUserId,
    recipientSalesforceId: a.ownerId,
    leadIds: [a.leadId],
    moreCount: 0,
    sentAt: now.toISOString(),
  });
  await state.countSent('rep', a.ownerId, localDateKey(now, target.timeZone), alertId, now);
  const message = await renderAlert(deps, record, now);
  await deps.delivery.deliver({
    key: alertId,
    method: 'dm',
    args: { user: target.slackUserId, text: message.text, blocks: message.blocks },
  });
  await new AlertState(deps).setOpenAlert(a.ownerId, { alertId, openedAt: now.toISOString() });
  return alertId;
}

/**
 * Adds the lead to the rep's open alert and queues its edit (chat.update, no notification). Leads
 * arriving before that edit runs share it, so a burst of twenty costs a few edits, not twenty.
 */
async function addToAlert(deps: AlertDeps, alertId: string, a: Assignment): Promise<void> {
  const alerts = new AlertState(deps);
  await alerts.addLeads(alertId, [a.leadId]);
  if (!(await alerts.markRefreshPending(alertId))) return;
  await deps.jobs.add(
    nudgesQueue,
    ALERT_REFRESH_JOB,
    { alertId, repId: a.ownerId },
    { jobId: `${alertId}-refresh-${randomUUID()}`, delay: REFRESH_DELAY_MS },
  );
}

/**
 * Edits an open alert to what it holds now. Under the rep's lock and rendered at run time, so the
 * last edit to run is always the newest state, however the jobs interleave.
 */
export async function refreshOpenAlert(
  deps: AlertDeps,
  job: { alertId: string; repId: string },
  now = new Date(),
): Promise<void> {
  const alerts = new AlertState(deps);
  await alerts.withRepLock(job.repId, async () => {
    await alerts.clearRefreshPending(job.alertId);
    const state = new NudgeState(deps);
    const record = await state.digest(job.alertId);
    if (!record) return;
    const message = await renderAlert(deps, record, now);
    const revision = await state.nextRevision(job.alertId);
    await deps.delivery.deliver({
      key: `${job.alertId}-r${revision}`,
      method: 'chat.update',
      updates: job.alertId,
      args: { text: message.text, blocks: message.blocks },
    });
  });
}

async function deferAlert(deps: AlertDeps, a: Assignment, until: Date, now: Date): Promise<void> {
  await deps.jobs.add(nudgesQueue, ALERT_JOB, a, {
    jobId: `alert-${assignmentKey(a)}-at-${until.getTime()}`,
    delay: Math.max(0, until.getTime() - now.getTime()),
  });
}

/** Alerts the assignee once for this assignment: now, into their open alert, or later. */
export async function alertAssignment(
  deps: AlertDeps,
  a: Assignment,
  now = new Date(),
): Promise<AlertOutcome> {
  const alerts = new AlertState(deps);
  const key = assignmentKey(a);
  return alerts.withRepLock(a.ownerId, async (): Promise<AlertOutcome> => {
    if (await alerts.wasAlerted(key)) return { outcome: 'duplicate' };
    const target = await loadTarget(deps, a, now);
    if ('outcome' in target) return target;
    const policy = deps.config.policy.sla;
    const state = new NudgeState(deps);
    const open = await alerts.openAlert(a.ownerId);
    const answered = open !== null && (await state.handled(open.alertId)).size > 0;
    const live = takesMoreLeads(open, { now, answered, policy });
    const sentToday = await state.sentOn('rep', a.ownerId, localDateKey(now, target.timeZone));
    const timing = alertTiming({
      now,
      timeZone: target.timeZone,
      policy,
      dueAt: target.clock.dueAt,
      opensMessage: !live,
      sentToday: sentToday.length,
    });
    if (!timing.send) {
      await deferAlert(deps, a, timing.until, now);
      return { outcome: 'deferred', until: timing.until, reason: timing.reason };
    }
    const alertId = live ? open.alertId : await openAlert(deps, a, target, now);
    if (live) await addToAlert(deps, alertId, a);
    await alerts.markAlerted(key, alertId);
    return { outcome: live ? 'added' : 'opened', alertId, urgent: timing.urgent };
  });
}

/** The nudges queue's domain-event hook: lead.created and lead.owner_changed to a user alert. */
export async function alertOnAssignment(deps: AlertDeps, event: DomainEvent): Promise<AlertOutcome | null> {
  const assignment = assignmentOf(event);
  if (!assignment || !deps.config.policy.sla.nudges.assignmentAlerts.enabled) return null;
  const result = await alertAssignment(deps, assignment);
  deps.logger.info({ leadId: assignment.leadId, ownerId: assignment.ownerId, ...result }, 'assignment alert');
  return result;
}
