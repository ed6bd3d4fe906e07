import type { ChainableCommander } from 'ioredis';
import type { CampaignMember, Lead, SfEvent, Task } from '../../platform/salesforce/records.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import { objectKey } from './record-lists.ts';
import { assignedAtFrom, leadAssignmentField, leadAssignmentsKey } from './lead-assignments.ts';
import { parentRecordsKey, parsedValues } from './parent-records.ts';

/**
 * Reads of a lead's activity in one round trip, for the hot paths: contest scoring (one lead and
 * everything on it) and the SLA index's scan (a batch of leads). Same keys as SyncedRecordStore: the
 * lead's hash, and the copies of the records on a lead kept by lead (parent-records.ts). Callers go
 * through SyncedRecordStore, which copies older records over first.
 */

export interface LeadWithActivities {
  lead: Lead | null;
  tasks: Task[];
  events: SfEvent[];
  campaignMembers: CampaignMember[];
  /** When the lead's current owner got it (owner history; lead-assignments.ts), when asked and known. */
  assignedAt: Date | null;
  /** The replies to the caller's `alongside` reads, in order. */
  alongside: unknown[];
}

export interface LeadActivity {
  tasks: Task[];
  events: SfEvent[];
}

export interface LeadReadOptions {
  /** Also the lead's campaign memberships. */
  campaignMembers?: boolean;
  /** Also when its current owner got it (for SLA clocks). */
  assignment?: boolean;
  /** The caller's own reads, sent in the same pipeline. */
  alongside?: (reads: ChainableCommander) => void;
}

/**
 * A lead, every Task and Event on it and (when asked) its campaign memberships and when its owner
 * got it in one round trip:
 * one pipeline reads the record and the copies kept by lead (parent-records.ts). `alongside` adds a
 * caller's own reads to the pipeline; their replies come back in order (contest scoring reads its
 * contests' version and ledger index there, so scoring an activity costs no extra read).
 */
export async function readLeadWithActivities(
  redis: RedisClient,
  keys: Keyspace,
  leadId: string,
  options: LeadReadOptions = {},
): Promise<LeadWithActivities> {
  // The lead's hash, its copies and the caller's keys sit in several slots on Cluster: sent one by
  // one there and batched per master by the client (pipelineAcrossSlots).
  const reads = pipelineAcrossSlots(redis)
    .hget(objectKey(keys, 'Lead'), leadId)
    .hvals(parentRecordsKey(keys, 'Task', leadId))
    .hvals(parentRecordsKey(keys, 'Event', leadId));
  if (options.campaignMembers) reads.hvals(parentRecordsKey(keys, 'CampaignMember', leadId));
  if (options.assignment) reads.hget(leadAssignmentsKey(keys), leadAssignmentField(leadId));
  const own = 3 + (options.campaignMembers ? 1 : 0) + (options.assignment ? 1 : 0);
  options.alongside?.(reads);
  const replies = repliesOf(await reads.exec());
  const [leadJson, tasks, events] = replies;
  const members = options.campaignMembers ? replies[3] : [];
  const assignment = options.assignment ? replies[own - 1] : null;
  const lead = typeof leadJson === 'string' ? (JSON.parse(leadJson) as Lead) : null;
  return {
    lead,
    tasks: parsedValues<Task>(tasks),
    events: parsedValues<SfEvent>(events),
    campaignMembers: parsedValues<CampaignMember>(members),
    assignedAt: lead && options.assignment ? assignedAtFrom(assignment as string | null, lead) : null,
    alongside: replies.slice(own),
  };
}

/**
 * The activity of many leads in one round trip (every lead's Task and Event copies in one
 * pipeline), for readers that hold a batch of leads (the SLA index's scan).
 */
export async function readActivitiesOnMany(
  redis: RedisClient,
  keys: Keyspace,
  leadIds: readonly string[],
): Promise<Map<string, LeadActivity>> {
  if (leadIds.length === 0) return new Map();
  const reads = pipelineAcrossSlots(redis);
  for (const leadId of leadIds) {
    reads.hvals(parentRecordsKey(keys, 'Task', leadId));
    reads.hvals(parentRecordsKey(keys, 'Event', leadId));
  }
  const replies = repliesOf(await reads.exec());
  return new Map(
    leadIds.map((leadId, i) => [
      leadId,
      { tasks: parsedValues<Task>(replies[2 * i]), events: parsedValues<SfEvent>(replies[2 * i + 1]) },
    ]),
  );
}

/** Each lead's campaign memberships, in one round trip (a team's report reads only its leads'). */
export async function readCampaignMembersByLead(
  redis: RedisClient,
  keys: Keyspace,
  leadIds: readonly string[],
): Promise<CampaignMember[][]> {
  if (leadIds.length === 0) return [];
  const reads = pipelineAcrossSlots(redis);
  for (const leadId of leadIds) reads.hvals(parentRecordsKey(keys, 'CampaignMember', leadId));
  return repliesOf(await reads.exec()).map((members) => parsedValues<CampaignMember>(members));
}
