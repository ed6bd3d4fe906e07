import type { SfUser } from '../../../platform/salesforce/records.ts';
import { isWithinBusinessHours } from '../../../shared/sla/business-clock.ts';
import type { BusinessCalendar } from '../../../shared/sla/sla-policy.ts';
import type { RoutingPolicy } from '../policy.ts';
import { idKey } from '../../../platform/salesforce/ids.ts';

/**
 * Who may get the next routed lead of a queue, and why each other member may not: deactivated in
 * Salesforce, listed away, away by their Slack status, outside their own working hours, weighted 0,
 * or a previous owner of this lead (a re-route moves on, never back).
 */

export const SKIP_REASONS = [
  'inactive',
  'away',
  'away-status',
  'outside-hours',
  'zero-weight',
  'had-it',
  'not-in-slack',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface MemberFacts {
  userId: string;
  /** The synced Salesforce user; null when sync has not seen them. */
  user: SfUser | null;
  slackId: string | null;
  timeZone: string;
  statusEmoji: string | null;
}

export interface Candidate {
  userId: string;
  weight: number;
}

export interface Eligibility {
  candidates: Candidate[];
  skipped: { userId: string; reason: SkipReason }[];
}

/** Whether a policy entry (a Salesforce User Id or an email) names this member. */
const names = (reference: string, member: MemberFacts): boolean =>
  reference.startsWith('005')
    ? idKey(reference) === idKey(member.userId)
    : reference.toLowerCase() === member.user?.Email?.toLowerCase();

export function weightOf(policy: RoutingPolicy, member: MemberFacts): number {
  const entry = Object.entries(policy.weights).find(([reference]) => names(reference, member));
  return entry ? entry[1] : 1;
}

function skipReason(
  member: MemberFacts,
  context: { policy: RoutingPolicy; calendar: BusinessCalendar; now: Date; previous: readonly string[] },
): SkipReason | null {
  const { policy } = context;
  if (!member.user?.IsActive) return 'inactive';
  if (context.previous.some((id) => idKey(id) === idKey(member.userId))) return 'had-it';
  if (policy.away.some((reference) => names(reference, member))) return 'away';
  if (member.statusEmoji && policy.awayStatusEmoji.includes(member.statusEmoji)) return 'away-status';
  if (weightOf(policy, member) === 0) return 'zero-weight';
  // A rep nobody can reach in Slack would never hear about the lead.
  if (member.slackId === null) return 'not-in-slack';
  if (!isWithinBusinessHours(context.now, member.timeZone, context.calendar)) return 'outside-hours';
  return null;
}

export function eligibleMembers(
  members: readonly MemberFacts[],
  context: { policy: RoutingPolicy; calendar: BusinessCalendar; now: Date; previous: readonly string[] },
): Eligibility {
  const result: Eligibility = { candidates: [], skipped: [] };
  for (const member of [...members].sort((a, b) => a.userId.localeCompare(b.userId))) {
    const reason = skipReason(member, context);
    if (reason) result.skipped.push({ userId: member.userId, reason });
    else result.candidates.push({ userId: member.userId, weight: weightOf(context.policy, member) });
  }
  return result;
}

const REASON_TEXT: Record<SkipReason, string> = {
  inactive: 'deactivated in Salesforce',
  away: 'away (policy)',
  'away-status': 'away (Slack status)',
  'outside-hours': 'outside working hours',
  'zero-weight': 'weight 0',
  'had-it': 'had this lead before',
  'not-in-slack': 'not matched to a Slack user',
};

export const skipReasonText = (reason: SkipReason): string => REASON_TEXT[reason];
