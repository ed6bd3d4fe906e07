import type { Lead, SfUser } from '../../../platform/salesforce/records.ts';
import { isWithinBusinessHours, isWithinLocalTimeRange } from '../../../shared/sla/business-clock.ts';
import type { LeadClock } from '../../../shared/sla/lead-clock.ts';
import { sameSalesforceId } from '../../../shared/sla/lead-clock.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import { idKey } from '../../../platform/salesforce/ids.ts';

/**
 * What goes into a rep's digest and whether one may be sent now. A rep gets one DM per window that
 * lists many leads, never one DM per lead; the deterministic window and job ids make a scan that
 * runs twice (or on two workers) enqueue one delivery.
 */

export interface ClockedLead {
  lead: Lead;
  clock: LeadClock;
}

export interface DigestSelection<T extends ClockedLead> {
  /** At most `topLeads` leads: overdue (most overdue first), then due soon (soonest first). */
  leads: T[];
  /** How many more nudge-worthy leads did not fit ("and N more"). */
  moreCount: number;
  overdueCount: number;
  dueSoonCount: number;
}

/** Orders overdue leads before due-soon ones; ties fall back to due time then Id for a stable order. */
export function compareByUrgency(a: ClockedLead, b: ClockedLead): number {
  const rank = (c: LeadClock) => (c.state === 'overdue' ? 0 : c.state === 'due-soon' ? 1 : 2);
  return (
    rank(a.clock) - rank(b.clock) ||
    b.clock.overdueByBusinessHours - a.clock.overdueByBusinessHours ||
    (a.clock.dueAt?.getTime() ?? Infinity) - (b.clock.dueAt?.getTime() ?? Infinity) ||
    a.lead.Id.localeCompare(b.lead.Id)
  );
}

export function selectDigestLeads<T extends ClockedLead>(
  candidates: readonly T[],
  policy: SlaPolicy,
): DigestSelection<T> {
  const nudgeable = candidates.filter((c) => c.clock.nudge).sort(compareByUrgency);
  const leads = nudgeable.slice(0, policy.nudges.topLeads);
  return {
    leads,
    moreCount: nudgeable.length - leads.length,
    overdueCount: nudgeable.filter((c) => c.clock.state === 'overdue').length,
    dueSoonCount: nudgeable.filter((c) => c.clock.state === 'due-soon').length,
  };
}

/**
 * A delivered digest as it stands now: the leads it listed that are still open, most urgent first,
 * with the count of those it could not show when it was sent.
 */
export function remainingSelection<T extends ClockedLead>(
  remaining: T[],
  moreCount: number,
): DigestSelection<T> {
  const leads = remaining.sort(compareByUrgency);
  return {
    leads,
    moreCount,
    overdueCount: leads.filter((c) => c.clock.state === 'overdue').length,
    dueSoonCount: leads.filter((c) => c.clock.state === 'due-soon').length,
  };
}

export type DeliveryRefusal =
  'outside-working-hours' | 'quiet-hours' | 'daily-cap-reached' | 'already-sent-this-window';

export interface DeliveryCheck {
  now: Date;
  /** The recipient's time zone (rep or manager). */
  repTimeZone: string;
  policy: SlaPolicy;
  /** Digests already sent to this person on their local day (see `localDateKey`). */
  sentToday: number;
  lastSentAt: Date | null;
}

export function mayDeliverDigest(
  check: DeliveryCheck,
): { ok: true } | { ok: false; reason: DeliveryRefusal } {
  const { now, repTimeZone, policy, sentToday, lastSentAt } = check;
  const { nudges, calendar } = policy;
  if (nudges.onlyDuringWorkingHours && !isWithinBusinessHours(now, repTimeZone, calendar)) {
    return { ok: false, reason: 'outside-working-hours' };
  }
  if (
    nudges.quietHours &&
    isWithinLocalTimeRange(now, repTimeZone, nudges.quietHours.start, nudges.quietHours.end)
  ) {
    return { ok: false, reason: 'quiet-hours' };
  }
  if (sentToday >= nudges.maxDigestsPerDay) return { ok: false, reason: 'daily-cap-reached' };
  if (lastSentAt && digestWindowId(lastSentAt, policy) === digestWindowId(now, policy)) {
    return { ok: false, reason: 'already-sent-this-window' };
  }
  return { ok: true };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The UTC window `now` falls in, e.g. '2026-11-24T14-15' for 14:15–14:30 with 15-minute windows.
 * UTC rather than local time so every rep's window shares one key per scan and no key repeats when
 * clocks fall back.
 */
export function digestWindowId(now: Date, policy: SlaPolicy): string {
  const windowMs = policy.nudges.digestWindowMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return (
    `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-${pad(start.getUTCDate())}` +
    `T${pad(start.getUTCHours())}-${pad(start.getUTCMinutes())}`
  );
}

/** BullMQ forbids ':' in custom job ids and all-digit ids; the prefix rules out the latter. */
const jobIdPart = (value: string): string => value.replace(/[^A-Za-z0-9_.-]/g, '_');

export const digestJobId = (repId: string, windowId: string): string =>
  `digest-${jobIdPart(repId)}-${jobIdPart(windowId)}`;

export const escalationJobId = (managerId: string, windowId: string): string =>
  `escalation-${jobIdPart(managerId)}-${jobIdPart(windowId)}`;

export interface EscalationBatch<T extends ClockedLead> {
  managerId: string;
  /** Escalated leads of the manager's direct reports, most overdue first. */
  leads: T[];
}

export interface EscalationPlan<T extends ClockedLead> {
  /** One batch per manager (one escalation digest per manager per window). */
  batches: EscalationBatch<T>[];
  /** Escalated leads whose owner has no (known) manager: report them, never guess a recipient. */
  unrouted: T[];
}

/**
 * Groups escalated leads by the owner's manager. A lead owned by a manager goes to that manager's own
 * manager, as it would for any other owner.
 */
export function planEscalations<T extends ClockedLead>(
  candidates: readonly T[],
  users: readonly SfUser[],
): EscalationPlan<T> {
  const managerByUser = new Map(users.map((u) => [idKey(u.Id), u.ManagerId]));
  const managerOf = (ownerId: string): string | null => managerByUser.get(idKey(ownerId)) ?? null;
  const byManager = new Map<string, T[]>();
  const unrouted: T[] = [];
  for (const candidate of candidates) {
    if (!candidate.clock.escalate) continue;
    const managerId = managerOf(candidate.lead.OwnerId);
    if (managerId === null) {
      unrouted.push(candidate);
      continue;
    }
    const list = byManager.get(managerId) ?? [];
    list.push(candidate);
    byManager.set(managerId, list);
  }
  const batches = [...byManager.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([managerId, leads]) => ({ managerId, leads: leads.sort(compareByUrgency) }));
  return { batches, unrouted: unrouted.sort(compareByUrgency) };
}

/** The escalated leads for one manager: those whose owner reports to them directly. */
export function selectEscalationsFor<T extends ClockedLead>(
  managerId: string,
  candidates: readonly T[],
  users: readonly SfUser[],
): T[] {
  const plan = planEscalations(candidates, users);
  return plan.batches.find((batch) => sameSalesforceId(batch.managerId, managerId))?.leads ?? [];
}
