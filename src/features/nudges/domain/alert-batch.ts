import { DateTime } from 'luxon';
import {
  addBusinessHours,
  isWithinBusinessHours,
  isWithinLocalTimeRange,
} from '../../../shared/sla/business-clock.ts';
import { minutesOfDay, type SlaPolicy } from '../../../shared/sla/sla-policy.ts';

/**
 * The instant assignment alert's rules, pure: whose assignment alerts, when an alert may go out
 * (quiet hours, working hours and the daily budget, unless the lead's SLA runs out first), whether
 * a rep's open alert still takes in new leads, and which leads a message can show.
 */

/** A lead given to a Salesforce user at an instant: one alert at most per assignment. */
export interface Assignment {
  leadId: string;
  ownerId: string;
  /** ISO instant of the assignment (CreatedDate for a new lead, SystemModstamp for a reassignment). */
  assignedAt: string;
}

/** The message a rep was last alerted in, while it may still take in further leads. */
export interface OpenAlert {
  alertId: string;
  openedAt: string;
}

/** Users are 005…; queues (00G…) are another part's business and never alerted here. */
export const isUserId = (id: string): boolean => id.startsWith('005');

/** BullMQ forbids ':' in job ids and Slack delivery keys forbid it too. */
const idPart = (value: string): string => value.replace(/[^A-Za-z0-9_.-]/g, '_');

/** Stable per lead, owner and assignment instant: a retried event maps to the same key. */
export const assignmentKey = (a: Assignment): string =>
  `${idPart(a.leadId)}-${idPart(a.ownerId)}-${Date.parse(a.assignedAt)}`;

/** The alert message opened by this assignment (its delivery key and record id). */
export const alertIdFor = (a: Assignment): string => `alert-${assignmentKey(a)}`;

/** Whether alert ids and digest ids can be told apart (both are nudges' message records). */
export const isAlertId = (id: string): boolean => id.startsWith('alert-');

/**
 * An open alert takes in new leads until someone acts on it or it is older than the policy's
 * window; after that the next lead opens a new message, which notifies again.
 */
export function takesMoreLeads(
  open: OpenAlert | null,
  context: { now: Date; answered: boolean; policy: SlaPolicy },
): open is OpenAlert {
  if (!open || context.answered) return false;
  const ageMs = context.now.getTime() - Date.parse(open.openedAt);
  return ageMs < context.policy.nudges.assignmentAlerts.openMinutes * 60_000;
}

/** When the quiet hours that contain `at` end (the next local `end` after `at`). */
export function quietHoursEnd(at: Date, timeZone: string, quiet: { start: string; end: string }): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const end = minutesOfDay(quiet.end);
  let candidate = local.startOf('day').plus({ minutes: end });
  if (candidate.toMillis() <= at.getTime()) candidate = local.startOf('day').plus({ days: 1, minutes: end });
  return candidate.toJSDate();
}

export type DeferReason = 'outside-working-hours' | 'quiet-hours' | 'daily-cap-reached';

/**
 * The first moment from `at` on at which a nudge may reach the rep: inside working hours (if the
 * policy says so) and outside quiet hours, with what held it back (null when `at` itself is fine).
 * Moving out of one can land in the other, so it repeats.
 */
export function nextDeliverableAt(
  at: Date,
  timeZone: string,
  policy: SlaPolicy,
): { at: Date; reason: DeferReason | null } {
  const { nudges, calendar } = policy;
  let moment = at;
  let reason: DeferReason | null = null;
  for (let step = 0; step < 8; step += 1) {
    if (nudges.onlyDuringWorkingHours && !isWithinBusinessHours(moment, timeZone, calendar)) {
      moment = addBusinessHours(moment, 0, timeZone, calendar);
      reason ??= 'outside-working-hours';
      continue;
    }
    const quiet = nudges.quietHours;
    if (quiet && isWithinLocalTimeRange(moment, timeZone, quiet.start, quiet.end)) {
      moment = quietHoursEnd(moment, timeZone, quiet);
      reason ??= 'quiet-hours';
      continue;
    }
    break;
  }
  return { at: moment, reason };
}

export type AlertTiming = { send: true; urgent: boolean } | { send: false; until: Date; reason: DeferReason };

export interface TimingCheck {
  now: Date;
  timeZone: string;
  policy: SlaPolicy;
  /** The lead's SLA deadline on the shared clock (null when it has none). */
  dueAt: Date | null;
  /** Whether this alert would be a new message (an update to an open one costs no budget). */
  opensMessage: boolean;
  /** Nudges (digests and alerts) already sent to the rep on their local day. */
  sentToday: number;
}

/**
 * Now, or deferred to the end of quiet hours (or the next working hours, or the rep's next day
 * when the daily budget is spent), unless the lead's deadline falls before then: a lead whose SLA
 * is shorter than the quiet period (its deadline falls before the wait ends) alerts anyway, since
 * waiting would make it overdue unseen.
 */
export function alertTiming(check: TimingCheck): AlertTiming {
  const { now, timeZone, policy } = check;
  const next = nextDeliverableAt(now, timeZone, policy);
  if (next.reason !== null) return deferUnlessDue(check, next.at, next.reason);
  if (!check.opensMessage || check.sentToday < policy.nudges.maxDigestsPerDay) {
    return { send: true, urgent: false };
  }
  const tomorrow = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').plus({ days: 1 });
  return deferUnlessDue(
    check,
    nextDeliverableAt(tomorrow.toJSDate(), timeZone, policy).at,
    'daily-cap-reached',
  );
}

function deferUnlessDue(check: TimingCheck, until: Date, reason: DeferReason): AlertTiming {
  // A lead already overdue gains nothing from a night-time ping: it waits like the rest.
  const dueMs = check.dueAt?.getTime() ?? null;
  if (dueMs !== null && dueMs > check.now.getTime() && dueMs <= until.getTime()) {
    return { send: true, urgent: true };
  }
  return { send: false, until, reason };
}

/** Header, intro, "and N more" and footer, plus up to three "Done"/"Saving"/"Not saved" sections. */
const ALERT_FIXED_BLOCKS = 7;
/** Each lead takes a section and an actions block; Slack allows 50 blocks in a message. */
export const MAX_ALERT_LEADS = Math.floor((50 - ALERT_FIXED_BLOCKS) / 2);

/** The leads a message shows, newest assignment first, and how many more it holds. */
export function selectAlertLeads<T>(
  leads: readonly T[],
  max: number = MAX_ALERT_LEADS,
): { shown: T[]; moreCount: number } {
  const newestFirst = [...leads].reverse();
  const shown = newestFirst.slice(0, max);
  return { shown, moreCount: newestFirst.length - shown.length };
}
