import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Logger } from '../../platform/http/logger.ts';
import { RedisBacked, type Keyspace, type RedisClient } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import { directoryObjects, type SfGroup, type SfGroupMember } from '../../platform/salesforce/records.ts';
import { buildSelect, type Condition } from '../../platform/salesforce/soql.ts';
import { sameId } from '../../platform/salesforce/ids.ts';

/**
 * The Salesforce queues that hold Leads (Groups of Type 'Queue' named by a QueueSobject row for
 * Lead), with their member users, kept in Redis for every process and refreshed on a schedule
 * (queue-directory-jobs.ts). Queues change rarely, so three or four small queries every few
 * minutes replace any per-lead Salesforce read.
 *
 * Members may themselves be groups (a public group, a role's group): those are expanded one level,
 * to the users directly in them; groups nested deeper are ignored, and Salesforce's implicit role
 * membership (which is not in GroupMember) is not seen. A queue whose members are all roles
 * therefore has no members here: nobody can claim its leads through bullpen, which says so.
 */

const GROUP_PREFIX = '00G';
const USER_PREFIX = '005';
const ID_CHUNK = 200;
/** A lead owned by an unknown queue may mean a queue created since the last refresh: re-read, at most this often. */
const MISS_REFRESH_MS = 60_000;

const leadQueueSchema = z.object({
  id: z.string(),
  name: z.string(),
  developerName: z.string().nullable(),
  memberUserIds: z.array(z.string()),
});
export type LeadQueue = z.infer<typeof leadQueueSchema>;

const snapshotSchema = z.object({ refreshedAt: z.number(), queues: z.array(leadQueueSchema) });
type Snapshot = z.infer<typeof snapshotSchema>;

/** Ids compare on their case-sensitive 15-character form, so a 15-character Id in the policy matches. */
export { sameId };

export const isQueueId = (id: string): boolean => id.startsWith(GROUP_PREFIX);

type ObjectName = keyof typeof directoryObjects;

const directoryKey = (keys: Keyspace): string => keys('people', 'queues');

/** The stored directory as of its last refresh, or null before the first (or if unreadable). */
export async function readLeadQueues(redis: RedisClient, keys: Keyspace): Promise<Snapshot | null> {
  const raw = await redis.get(directoryKey(keys));
  if (raw === null) return null;
  const parsed = snapshotSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** The queue a reference names: its Id (15 or 18 characters), DeveloperName or Name (any case). */
export function findQueue(queues: readonly LeadQueue[], reference: string): LeadQueue | null {
  const trimmed = reference.trim();
  const wanted = trimmed.toLowerCase();
  return (
    queues.find((queue) => isQueueId(trimmed) && sameId(queue.id, trimmed)) ??
    queues.find((queue) => queue.developerName?.toLowerCase() === wanted) ??
    queues.find((queue) => queue.name.toLowerCase() === wanted) ??
    null
  );
}

async function readAll<O extends ObjectName>(
  conn: Connection,
  object: O,
  where: Condition,
  logger: Logger,
): Promise<z.infer<(typeof directoryObjects)[O]>[]> {
  const schema = directoryObjects[object];
  const soql = buildSelect({ object, fields: Object.keys(schema.shape), where });
  const rows: z.infer<(typeof directoryObjects)[O]>[] = [];
  let response = await conn.query<Record<string, unknown>>(soql, { autoFetch: false });
  for (;;) {
    for (const record of response.records) {
      const parsed = schema.safeParse(record);
      if (parsed.success) rows.push(parsed.data as z.infer<(typeof directoryObjects)[O]>);
      else logger.warn({ object, issues: parsed.error.issues.length }, 'skipped an unreadable record');
    }
    if (response.done || !response.nextRecordsUrl) return rows;
    response = await conn.queryMore<Record<string, unknown>>(response.nextRecordsUrl);
  }
}

async function readIn<O extends ObjectName>(
  conn: Connection,
  object: O,
  field: string,
  ids: readonly string[],
  logger: Logger,
): Promise<z.infer<(typeof directoryObjects)[O]>[]> {
  const rows: z.infer<(typeof directoryObjects)[O]>[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const values = unique.slice(i, i + ID_CHUNK);
    rows.push(...(await readAll(conn, object, { field, op: 'IN', values }, logger)));
  }
  return rows;
}

/** Each queue's member users: direct users, plus the users directly in a member group. */
function membersByQueue(direct: SfGroupMember[], nested: SfGroupMember[]): Map<string, string[]> {
  const usersOfGroup = new Map<string, string[]>();
  for (const row of nested) {
    if (!row.UserOrGroupId.startsWith(USER_PREFIX)) continue;
    usersOfGroup.set(row.GroupId, [...(usersOfGroup.get(row.GroupId) ?? []), row.UserOrGroupId]);
  }
  const members = new Map<string, Set<string>>();
  for (const row of direct) {
    const set = members.get(row.GroupId) ?? new Set<string>();
    const users = isQueueId(row.UserOrGroupId)
      ? (usersOfGroup.get(row.UserOrGroupId) ?? [])
      : [row.UserOrGroupId];
    for (const user of users) if (user.startsWith(USER_PREFIX)) set.add(user);
    members.set(row.GroupId, set);
  }
  return new Map([...members].map(([queueId, set]) => [queueId, [...set].sort()]));
}

export class QueueDirectory extends RedisBacked {
  private readonly salesforce: Pick<SalesforceGateway, 'connection'>;
  private readonly logger: Logger;

  constructor(deps: {
    redis: RedisClient;
    keys: Keyspace;
    salesforce: Pick<SalesforceGateway, 'connection'>;
    logger: Logger;
  }) {
    super(deps.redis, deps.keys);
    this.salesforce = deps.salesforce;
    this.logger = deps.logger;
  }

  private get key(): string {
    return directoryKey(this.keys);
  }

  /** Reads the lead queues and their members from Salesforce and replaces the stored directory. */
  async refresh(): Promise<LeadQueue[]> {
    const conn = await this.salesforce.connection();
    const holds = await readAll(
      conn,
      'QueueSobject',
      { field: 'SobjectType', op: '=', value: 'Lead' },
      this.logger,
    );
    const queueIds = holds.map((row) => row.QueueId);
    const groups: SfGroup[] =
      queueIds.length === 0 ? [] : await readIn(conn, 'Group', 'Id', queueIds, this.logger);
    const leadQueues = groups.filter((group) => group.Type === 'Queue');
    const direct = await readIn(
      conn,
      'GroupMember',
      'GroupId',
      leadQueues.map((q) => q.Id),
      this.logger,
    );
    const nestedIds = direct.map((row) => row.UserOrGroupId).filter(isQueueId);
    const nested =
      nestedIds.length === 0 ? [] : await readIn(conn, 'GroupMember', 'GroupId', nestedIds, this.logger);
    const members = membersByQueue(direct, nested);
    const queues = leadQueues.map((group) => ({
      id: group.Id,
      name: group.Name,
      developerName: group.DeveloperName,
      memberUserIds: members.get(group.Id) ?? [],
    }));
    const snapshot: Snapshot = { refreshedAt: Date.now(), queues };
    await this.redis.set(this.key, JSON.stringify(snapshot));
    this.logger.info({ queues: queues.length }, 'lead queues refreshed');
    return queues;
  }

  private snapshot(): Promise<Snapshot | null> {
    return readLeadQueues(this.redis, this.keys);
  }

  /** Every lead queue, as of the last refresh (none before the first). */
  async all(): Promise<LeadQueue[]> {
    return (await this.snapshot())?.queues ?? [];
  }

  /** The queue with this Id, if it is a lead queue. */
  async get(id: string): Promise<LeadQueue | null> {
    return (await this.all()).find((queue) => sameId(queue.id, id)) ?? null;
  }

  async isQueue(id: string): Promise<boolean> {
    return (await this.get(id)) !== null;
  }

  /**
   * The queue with this Id, re-reading Salesforce first when a Group Id is not known and the
   * directory is over a minute old (a queue created since the last refresh).
   */
  async lookup(id: string): Promise<LeadQueue | null> {
    if (!isQueueId(id)) return null;
    const snapshot = await this.snapshot();
    const known = snapshot?.queues.find((queue) => sameId(queue.id, id));
    if (known) return known;
    if (snapshot && Date.now() - snapshot.refreshedAt < MISS_REFRESH_MS) return null;
    return (await this.refresh()).find((queue) => sameId(queue.id, id)) ?? null;
  }

  /** A queue named in the policy: its Id, DeveloperName or Name (case-insensitive for names). */
  async resolve(reference: string): Promise<LeadQueue | null> {
    return findQueue(await this.all(), reference);
  }

  async isMember(queueId: string, salesforceUserId: string): Promise<boolean> {
    const queue = await this.get(queueId);
    return queue?.memberUserIds.some((member) => sameId(member, salesforceUserId)) ?? false;
  }
}
