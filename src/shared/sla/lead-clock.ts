import type { Lead, SfEvent, Task } from '../../platform/salesforce/records.ts';
import { addBusinessHours, businessHoursBetween } from './business-clock.ts';
import { callStopsClock } from './call-outcomes.ts';
import { firstTouchHoursFor, followUpHours, type SlaPolicy } from './sla-policy.ts';
import { sameId } from '../../platform/salesforce/ids.ts';

/**
 * The SLA clock of one lead.
 *
 * - The clock is the current owner's: it starts when they got the lead (`assignedAt`, from the owner
 *   history sync keeps; CreatedDate when unknown), so a lead reassigned after two days is not overdue
 *   the moment its new owner gets it. The lead-level follow-up rate is another matter: see
 *   lead-level.ts.
 * - A lead with no touch yet is on its **first-touch** clock: due `firstTouch` business hours after
 *   the start (per lead source). Once touched it moves to the **follow-up** cadence: due
 *   `followUp.everyBusinessDays` business days after its last touch.
 * - A touch is a completed call/email Task or an Event on the lead by its current owner since they
 *   got it, or the lead's status leaving an "untouched" status (a lead that left it before the
 *   owner got it counts as touched at the assignment: the new owner picks up its follow-up
 *   cadence). A call whose CallDisposition is an outcome that does not stop the clock (policy
 *   `callOutcomes`, e.g. "Wrong number") is not a touch. Activity times are CreatedDate (when
 *   Salesforce learned of it), not ActivityDate: that is date-only and can be back-dated, which
 *   would let a late touch pass as on time.
 * - When a lead has left "untouched" but the caller does not know when, its SystemModstamp stands in:
 *   an upper bound (the status changed no later than the last modification), so the first-touch
 *   metric can only be pessimistic, never flattering.
 * - Snooze mutes the rep's own digest only. The SLA state stays true (a snoozed overdue lead is
 *   overdue in every metric and on App Home), and escalation to the manager still happens: snooze is
 *   for a rep to manage their queue, not to hide a badly overdue lead from their manager.
 */

export type TouchKind = 'call' | 'email' | 'meeting' | 'activity' | 'status-change';

export interface Touch {
  at: Date;
  kind: TouchKind;
  /** The Task or Event Id; absent for a status change. */
  activityId?: string;
}

export interface LeadFacts {
  lead: Lead;
  /** Qualifying activity on the lead (see `qualifyingTouches`). */
  touches: readonly Touch[];
  /** When the status first left an untouched status, if the sync layer knows. */
  firstStatusChangeAt?: Date | null;
  snoozedUntil?: Date | null;
  /** When the current owner got the lead (owner history); absent or null: its CreatedDate. */
  assignedAt?: Date | null;
  /** Qualifying touches by anyone, previous owners included: the lead-level rate (lead-level.ts). */
  leadTouches?: readonly Touch[];
  /**
   * Handed off by the relay and not yet accepted by its owner (shared/relay/coverage.ts): the
   * accept SLA covers it, so no first-touch or follow-up clock runs for the owner until they accept.
   */
  awaitingAccept?: boolean;
}

export type LeadState = 'closed' | 'touched-ok' | 'on-track' | 'due-soon' | 'overdue';
export type ClockKind = 'first-touch' | 'follow-up';

export interface LeadClock {
  /** 'on-track' is a first-touch lead not yet due soon; 'touched-ok' the same for a follow-up lead. */
  state: LeadState;
  kind: ClockKind;
  /** Null for closed leads: they have no clock. */
  dueAt: Date | null;
  /** Business hours past `dueAt`; 0 unless overdue. */
  overdueByBusinessHours: number;
  /** Business hours left until `dueAt`; 0 once overdue or closed. */
  dueInBusinessHours: number;
  slaHours: number;
  /** Overdue by more than `escalationMultiple` × slaHours: the owner's manager should hear of it. */
  escalate: boolean;
  /** Set while a snooze is active. */
  snoozedUntil?: Date;
  /** Whether the rep's digest should list this lead now (due soon or overdue, and not snoozed). */
  nudge: boolean;
  firstTouchAt: Date | null;
  lastTouchAt: Date | null;
}

export interface ClockContext {
  ownerTimeZone: string;
  policy: SlaPolicy;
  now: Date;
}

const EPSILON_HOURS = 1e-9;

/** Salesforce sends '2026-03-06T21:00:00.000+0000'; JavaScript's parser accepts it, but check. */
export function parseSalesforceDateTime(value: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a Salesforce date-time: "${value}"`);
  return parsed;
}

/** 15- and 18-character forms of the same Id compare equal (the 18-character suffix is a checksum). */
export const sameSalesforceId = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && sameId(a, b);

function taskTouchKind(task: Task, policy: SlaPolicy): TouchKind | null {
  const { taskKinds, completedTaskStatuses } = policy.qualifyingActivity;
  if (task.IsDeleted || !completedTaskStatuses.includes(task.Status)) return null;
  const matched = [task.TaskSubtype, task.Type].find((value) => value !== null && taskKinds.includes(value));
  if (matched === undefined || matched === null) return null;
  const lower = matched.toLowerCase();
  // A call whose outcome reached nobody (e.g. "Wrong number") is not a touch; no outcome still is.
  if (lower === 'call' && !callStopsClock(task.CallDisposition, policy.callOutcomes)) return null;
  return lower === 'call' || lower === 'email' ? lower : 'activity';
}

/** The touches on `lead` among `tasks` and `events` (any lead's; filtered here), oldest first. */
export function qualifyingTouches(
  lead: Lead,
  tasks: readonly Task[],
  events: readonly SfEvent[],
  policy: SlaPolicy,
): Touch[] {
  const touches: Touch[] = [];
  const isOwnersActivityOnLead = (record: { WhoId: string | null; OwnerId: string }) =>
    sameSalesforceId(record.WhoId, lead.Id) && sameSalesforceId(record.OwnerId, lead.OwnerId);
  for (const task of tasks) {
    if (!isOwnersActivityOnLead(task)) continue;
    const kind = taskTouchKind(task, policy);
    if (kind) touches.push({ at: parseSalesforceDateTime(task.CreatedDate), kind, activityId: task.Id });
  }
  if (policy.qualifyingActivity.events) {
    for (const event of events) {
      if (event.IsDeleted || !isOwnersActivityOnLead(event)) continue;
      touches.push({ at: parseSalesforceDateTime(event.CreatedDate), kind: 'meeting', activityId: event.Id });
    }
  }
  return touches.sort((x, y) => x.at.getTime() - y.at.getTime());
}

export const isClosedLead = (lead: Lead, policy: SlaPolicy): boolean =>
  lead.IsDeleted || lead.IsConverted || !policy.statuses.open.includes(lead.Status);

interface TouchSummary {
  firstTouchAt: Date | null;
  lastTouchAt: Date | null;
}

/** When the current owner's clock started: their assignment, else the lead's CreatedDate. */
export const clockStart = (lead: Lead, assignedAt?: Date | null): Date =>
  assignedAt ?? parseSalesforceDateTime(lead.CreatedDate);

function summariseTouches(facts: LeadFacts, policy: SlaPolicy, now: Date): TouchSummary {
  // Touches before the owner got the lead are someone else's clock.
  const sinceMs = facts.assignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const activityTimes = facts.touches
    .map((t) => t.at.getTime())
    .filter((ms) => ms <= now.getTime() && ms >= sinceMs);
  const leftUntouched = !policy.statuses.untouched.includes(facts.lead.Status) || facts.lead.IsConverted;
  const knownStatusChange = facts.firstStatusChangeAt ?? null;
  let statusChangeMs: number | null = null;
  if (knownStatusChange) statusChangeMs = knownStatusChange.getTime();
  else if (leftUntouched) statusChangeMs = parseSalesforceDateTime(facts.lead.SystemModstamp).getTime();
  if (statusChangeMs !== null && statusChangeMs < sinceMs) statusChangeMs = sinceMs;
  if (statusChangeMs !== null && statusChangeMs > now.getTime()) statusChangeMs = now.getTime();

  const firstCandidates = statusChangeMs === null ? activityTimes : [...activityTimes, statusChangeMs];
  // A guessed (upper-bound) status-change time would restart the cadence on any record edit, so it
  // anchors follow-up only when there is no activity to anchor on.
  const useStatusChangeForLast = statusChangeMs !== null && (knownStatusChange || activityTimes.length === 0);
  const lastCandidates = useStatusChangeForLast
    ? [...activityTimes, statusChangeMs as number]
    : activityTimes;
  return {
    firstTouchAt: firstCandidates.length > 0 ? new Date(Math.min(...firstCandidates)) : null,
    lastTouchAt: lastCandidates.length > 0 ? new Date(Math.max(...lastCandidates)) : null,
  };
}

/** When the lead first got a touch (activity or status change), as of `now`; null if never. */
export function firstTouchAt(facts: LeadFacts, policy: SlaPolicy, now: Date): Date | null {
  return summariseTouches(facts, policy, now).firstTouchAt;
}

/**
 * The first-touch deadline of a lead, whether or not it has been met: from `assignedAt` (the owner's
 * own SLA) or, without it, from CreatedDate (the lead's).
 */
export function firstTouchDueAt(
  lead: Lead,
  ownerTimeZone: string,
  policy: SlaPolicy,
  assignedAt?: Date | null,
): Date {
  return addBusinessHours(
    clockStart(lead, assignedAt),
    firstTouchHoursFor(lead.LeadSource, policy),
    ownerTimeZone,
    policy.calendar,
  );
}

export function classifyLead(facts: LeadFacts, context: ClockContext): LeadClock {
  const { ownerTimeZone, policy, now } = context;
  const { calendar } = policy;
  const { firstTouchAt: first, lastTouchAt: last } = summariseTouches(facts, policy, now);
  const kind: ClockKind = first === null ? 'first-touch' : 'follow-up';
  const slaHours =
    kind === 'first-touch' ? firstTouchHoursFor(facts.lead.LeadSource, policy) : followUpHours(policy);
  const snooze =
    facts.snoozedUntil && facts.snoozedUntil.getTime() > now.getTime() ? facts.snoozedUntil : null;
  const base = {
    kind,
    slaHours,
    firstTouchAt: first,
    lastTouchAt: last,
    ...(snooze ? { snoozedUntil: snooze } : {}),
  };

  if (isClosedLead(facts.lead, policy) || facts.awaitingAccept === true) {
    return {
      ...base,
      state: 'closed',
      dueAt: null,
      overdueByBusinessHours: 0,
      dueInBusinessHours: 0,
      escalate: false,
      nudge: false,
    };
  }

  const anchor = last ?? clockStart(facts.lead, facts.assignedAt);
  const dueAt = addBusinessHours(anchor, slaHours, ownerTimeZone, calendar);
  if (now.getTime() > dueAt.getTime()) {
    const overdueBy = businessHoursBetween(dueAt, now, ownerTimeZone, calendar);
    return {
      ...base,
      state: 'overdue',
      dueAt,
      overdueByBusinessHours: overdueBy,
      dueInBusinessHours: 0,
      escalate: overdueBy > policy.escalationMultiple * slaHours + EPSILON_HOURS,
      nudge: snooze === null,
    };
  }
  const elapsed = Math.max(0, businessHoursBetween(anchor, now, ownerTimeZone, calendar));
  const dueSoon = elapsed >= policy.dueSoonShare * slaHours - EPSILON_HOURS;
  return {
    ...base,
    state: dueSoon ? 'due-soon' : kind === 'first-touch' ? 'on-track' : 'touched-ok',
    dueAt,
    overdueByBusinessHours: 0,
    dueInBusinessHours: businessHoursBetween(now, dueAt, ownerTimeZone, calendar),
    escalate: false,
    nudge: dueSoon && snooze === null,
  };
}
