import type { CallOutcome } from '../../../shared/sla/call-outcomes.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import type {
  CampaignMember,
  Lead,
  Opportunity,
  SfEvent,
  Task,
} from '../../../platform/salesforce/records.ts';

/** The shapes scoring works on and produces (scoring.ts); its parts import them from here. */

export type LedgerRule =
  | 'followup'
  | 'call'
  | 'first_touch_sla'
  | 'sla_hit'
  | 'sla_miss'
  | 'meeting'
  | 'conversion'
  | 'opportunity_won'
  | 'lead_qualified'
  | 'handoff_accepted'
  | 'time_to_accept';

export interface LedgerEntry {
  key: string;
  contestId: string;
  /** Slack user id of the participant. */
  repId: string;
  rule: LedgerRule;
  /** The Salesforce record behind the points (Task, Event, Lead or Opportunity Id). */
  recordId: string;
  points: number;
  at: Date;
  leadId?: string;
}

/** Optional fields a richer sync may add; scoring uses them when present. */
export type ScoringLead = Lead & { ConvertedContactId?: string | null };
export type ScoringTask = Task & { CompletedDateTime?: string | null };

export interface ScoringRecords {
  leads: readonly ScoringLead[];
  tasks: readonly ScoringTask[];
  events?: readonly SfEvent[];
  opportunities?: readonly Opportunity[];
  campaignMembers?: readonly CampaignMember[];
  /** The relay's hand-off records (shared/relay): what the relay metrics score. */
  handoffs?: readonly Handoff[];
}

export interface ScoringContext {
  now: Date;
  /** Salesforce User Id -> Slack user id; null for owners not matched to a Slack member. */
  slackUserFor: (salesforceUserId: string) => string | null;
  /** When the lead's first touch is due under its owner's SLA; null when no SLA applies. */
  firstTouchDueAt: (lead: Lead) => Date | null;
  /**
   * When the lead's current owner got it (owner history), from which their SLA and first touch
   * count; null or absent: its CreatedDate.
   */
  assignedAt?: (lead: Lead) => Date | null;
  /**
   * A Salesforce user's own time zone, in which Salesforce dates their activities (ActivityDate);
   * null or absent when unknown (then only a date before the start everywhere is backdating).
   */
  timeZoneFor?: (salesforceUserId: string) => string | null;
  /** Salesforce's default closed Task status is 'Completed'; orgs may add others. */
  isCompletedStatus?: (status: string) => boolean;
  /** The SLA policy's call outcomes: a call whose outcome does not score earns no points. */
  callOutcomes?: readonly CallOutcome[];
  /**
   * Business hours from `from` to `to` on the SLA calendar in this Salesforce user's time zone
   * (time to accept); absent: wall-clock hours.
   */
  businessHoursFor?: (salesforceUserId: string, from: Date, to: Date) => number;
}
