import type { ChainableCommander } from 'ioredis';
import type {
  CampaignMember,
  Lead,
  SfEvent,
  SyncedObjectName,
  Task,
} from '../../platform/salesforce/records.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';

/**
 * Reads of a lead's activity that cost a fixed number of round trips, for the hot paths: contest
 * scoring (one lead and everything on it) and the SLA index's scan (a batch of leads). Same keys as
 * SyncedRecordStore: one hash per object, activity ids by lead (`byWho`).
 */

export interface LeadWithActivities {
  lead: Lead | null;
  tasks: Task[];
  events: SfEvent[];
  campaignMembers: CampaignMember[];
  /** The replies to the caller's `alongside` reads, in order. */
  alongside: unknown[];
}

/** A pipeline's replies, throwing the first error (a read failing is not a partial answer). */
function repliesOf(results: [Error | null, unknown][] | null): unknown[] {
  return (results ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

export interface LeadActivity {
  tasks: Task[];
  events: SfEvent[];
}

const hashKey = (keys: Keyspace, object: SyncedObjectName): string => keys('sf', object);

async function getMany<T>(
  redis: RedisClient,
  keys: Keyspace,
  object: SyncedObjectName,
  ids: string[],
): Promise<T[]> {
  if (ids.length === 0) return [];
  const values = await redis.hmget(hashKey(keys, object), ...ids);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as T);
}

/**
 * A lead, every Task and Event on it and (when asked) its campaign memberships in two round trips:
 * one pipeline for the record and the id sets, one for the bodies. `alongside` adds a caller's own
 * reads to the first pipeline; their replies come back in order (contest scoring reads its
 * contests' version there, so scoring an activity costs no extra read).
 */
export async function readLeadWithActivities(
  redis: RedisClient,
  keys: Keyspace,
  leadId: string,
  options: { campaignMembers?: boolean; alongside?: (reads: ChainableCommander) => void } = {},
): Promise<LeadWithActivities> {
  const first = redis
    .pipeline()
    .hget(hashKey(keys, 'Lead'), leadId)
    .smembers(keys('sf', 'Task', 'byWho', leadId))
    .smembers(keys('sf', 'Event', 'byWho', leadId));
  if (options.campaignMembers) first.smembers(keys('sf', 'CampaignMember', 'byLead', leadId));
  const own = options.campaignMembers ? 4 : 3;
  options.alongside?.(first);
  const replies = repliesOf(await first.exec());
  const [leadJson, taskIds, eventIds, memberIds] = replies as [string | null, string[], string[], string[]?];
  const bodies = redis.pipeline();
  const wanted: [SyncedObjectName, string[]][] = [
    ['Task', taskIds],
    ['Event', eventIds],
    ['CampaignMember', memberIds ?? []],
  ];
  for (const [object, ids] of wanted) if (ids.length > 0) bodies.hmget(hashKey(keys, object), ...ids);
  const found = bodies.length > 0 ? repliesOf(await bodies.exec()) : [];
  const parsed = new Map<SyncedObjectName, unknown[]>();
  for (const [object, ids] of wanted) {
    if (ids.length === 0) continue;
    const values = found.shift() as (string | null)[];
    parsed.set(
      object,
      values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as unknown),
    );
  }
  return {
    lead: leadJson ? (JSON.parse(leadJson) as Lead) : null,
    tasks: (parsed.get('Task') ?? []) as Task[],
    events: (parsed.get('Event') ?? []) as SfEvent[],
    campaignMembers: (parsed.get('CampaignMember') ?? []) as CampaignMember[],
    alongside: replies.slice(own),
  };
}

/**
 * The activity of many leads in three round trips (every lead's Task and Event ids in one
 * pipeline, then the records), for readers that hold a batch of leads (the SLA index's scan).
 */
export async function readActivitiesOnMany(
  redis: RedisClient,
  keys: Keyspace,
  leadIds: readonly string[],
): Promise<Map<string, LeadActivity>> {
  const ids = redis.pipeline();
  for (const leadId of leadIds) {
    ids.smembers(keys('sf', 'Task', 'byWho', leadId));
    ids.smembers(keys('sf', 'Event', 'byWho', leadId));
  }
  const replies = leadIds.length > 0 ? ((await ids.exec()) ?? []) : [];
  const idsAt = (i: number): string[] => {
    const [error, value] = replies[i] ?? [null, []];
    if (error) throw error;
    return value as string[];
  };
  const taskIds = leadIds.flatMap((_, i) => idsAt(2 * i));
  const eventIds = leadIds.flatMap((_, i) => idsAt(2 * i + 1));
  const [tasks, events] = await Promise.all([
    getMany<Task>(redis, keys, 'Task', taskIds),
    getMany<SfEvent>(redis, keys, 'Event', eventIds),
  ]);
  const byLead = new Map(leadIds.map((id) => [id, { tasks: [] as Task[], events: [] as SfEvent[] }]));
  const owning = (ownIds: (i: number) => string[], offset: number) =>
    new Map(leadIds.flatMap((leadId, i) => ownIds(2 * i + offset).map((id) => [id, leadId] as const)));
  const taskLead = owning(idsAt, 0);
  const eventLead = owning(idsAt, 1);
  for (const task of tasks) byLead.get(taskLead.get(task.Id) ?? '')?.tasks.push(task);
  for (const event of events) byLead.get(eventLead.get(event.Id) ?? '')?.events.push(event);
  return byLead;
}
