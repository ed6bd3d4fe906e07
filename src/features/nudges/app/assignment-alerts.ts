import type { Lead } from '../../../platform/salesforce/records.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import { sameSalesforceId, type LeadClock } from '../../../shared/sla/lead-clock.ts';
import { AssignmentNotices } from '../../../shared/sync/assignment-notices.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import { AlertState } from '../alert-store.ts';
import {
  alertIdFor,
  alertTiming,
  assignmentKey,
  isUserId,
  takesMoreLeads,
  type Assignment,
} from '../domain/alert-batch.ts';
import { ALERT_JOB, nudgesQueue } from '../queue.ts';
import { NudgeState } from '../store.ts';
import { openAlertMessage, queueAlertEdit, type AlertDeps } from './alert-messages.ts';
import { clockLeads, timeZoneOfUser } from './lead-loader.ts';

/**
 * The instant assignment alert: a lead created with, or reassigned to, a rep DMs that rep within
 * seconds of sync seeing it. Per rep, one message takes in the leads that arrive while it is
 * unanswered (edited in place), so a burst is one notification. Quiet hours, working hours and the
 * daily nudge budget defer an alert (a delayed job), unless the lead's deadline would pass first.
 * Everything for one rep runs under their lock, so two events at once never open two messages.
 */

export type { AlertDeps } from './alert-messages.ts';

export type AlertOutcome =
  | { outcome: 'opened' | 'added'; alertId: string; urgent: boolean }
  | { outcome: 'deferred'; until: Date; reason: string }
  | { outcome: 'slack-refused'; slackError: string }
  | { outcome: 'duplicate' | 'stale' | 'closed' | 'owner-not-in-slack' | 'told-in-slack' };

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
): Promise<Target | { outcome: 'stale' | 'closed' | 'owner-not-in-slack' | 'told-in-slack' }> {
  const [lead, told] = await Promise.all([
    deps.store.get('Lead', a.leadId),
    new AssignmentNotices(deps.redis, deps.keys).wasTold(a.leadId, a.ownerId),
  ]);
  if (!lead || lead.IsDeleted || !sameSalesforceId(lead.OwnerId, a.ownerId)) return { outcome: 'stale' };
  // They claimed it, or a re-route DM told them: an alert would say it again.
  if (told) return { outcome: 'told-in-slack' };
  const slackUserId = await deps.people.slackIdFor(a.ownerId);
  if (!slackUserId) return { outcome: 'owner-not-in-slack' };
  const timeZone = await timeZoneOfUser(deps, { salesforceId: a.ownerId, slackUserId });
  const [clocked] = await clockLeads(deps, [lead], { now, timeZone, snoozes: new Map() });
  if (!clocked) return { outcome: 'closed' };
  return { lead, clock: clocked.clock, slackUserId, timeZone };
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
    if (live) {
      await alerts.addLeads(open.alertId, [a.leadId]);
      await queueAlertEdit(deps, open.alertId, a.ownerId);
      await alerts.markAlerted(key, open.alertId);
      return { outcome: 'added', alertId: open.alertId, urgent: timing.urgent };
    }
    const alertId = alertIdFor(a);
    const { slackUserId, timeZone } = target;
    const posted = await openAlertMessage(
      deps,
      { alertId, repId: a.ownerId, slackUserId, timeZone, leadIds: [a.leadId] },
      now,
    );
    // A refusal for good (the rep's Slack account gone) is not retried: marked, it stays one try.
    await alerts.markAlerted(key, alertId);
    if (!posted.posted) return { outcome: 'slack-refused', slackError: posted.slackError };
    return { outcome: 'opened', alertId, urgent: timing.urgent };
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
