import { z } from 'zod';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import { decodeFacts, storedState, type StoredFacts } from './domain/sla-index-facts.ts';
import type { NudgeStoreDeps } from './store.ts';

/**
 * The SLA index in Redis (issue 15 item 1). Per owner, under the hash tag `{owner:<id>}` so the
 * owner's keys share one Redis Cluster slot: a sorted set lead → the instant the scan must next look
 * at it, and a hash lead → its small clock state and clock facts (domain/sla-index-facts.ts).
 * Org-wide: which owner's set holds each lead (a reassigned lead moves), a lower bound of each
 * owner's next instant, the time zone each owner's entries were computed in, the policy hash the
 * index was built under and the re-index progress.
 */

export interface IndexWrite {
  leadId: string;
  /** Null when the lead has no owner to scan it under any more (gone): drop it everywhere. */
  ownerId: string | null;
  /** Null: closed, the scan never needs it (until a fact changes). */
  nextAt: number | null;
  state: string;
}

export const reindexProgressSchema = z.object({
  policyHash: z.string(),
  reason: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** When a batch last finished: a build that stops moving died with its worker. */
  updatedAt: z.iso.datetime().optional(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type ReindexProgress = z.infer<typeof reindexProgressSchema>;

/**
 * A ZRANGEBYSCORE reply is a list of members by the protocol, and the members are lead ids we wrote:
 * a shape check, not a schema per reply (building a zod schema per owner cost more than the read).
 */
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export class SlaIndexStore {
  private readonly deps: NudgeStoreDeps;

  constructor(deps: NudgeStoreDeps) {
    this.deps = deps;
  }

  private ownerKey(ownerId: string, part: 'due' | 'state'): string {
    return this.deps.keys('nudges', 'sla', `{owner:${ownerId}}`, part);
  }

  private key(part: string): string {
    return this.deps.keys('nudges', 'sla', part);
  }

  /**
   * Writes entries in two round trips: the previous owners, then every move and write at once. On
   * Cluster the owners' keys sit in their own slots: their writes go first and `lead-owner` after, so
   * a write that fails half-way is redone whole by its retry (which still sees the previous owner).
   */
  async write(entries: readonly IndexWrite[]): Promise<void> {
    if (entries.length === 0) return;
    const { redis, keys } = this.deps;
    const previous = await redis.hmget(this.key('lead-owner'), ...entries.map((e) => e.leadId));
    const batch = pipelineAcrossSlots(redis);
    const owners: [string, string | null][] = [];
    entries.forEach((entry, i) => {
      const before = previous[i];
      if (before && before !== entry.ownerId) {
        batch.zrem(this.ownerKey(before, 'due'), entry.leadId);
        batch.hdel(this.ownerKey(before, 'state'), entry.leadId);
      }
      owners.push([entry.leadId, entry.ownerId]);
      if (entry.ownerId === null) return;
      batch.hset(this.ownerKey(entry.ownerId, 'state'), entry.leadId, entry.state);
      if (entry.nextAt === null) batch.zrem(this.ownerKey(entry.ownerId, 'due'), entry.leadId);
      else batch.zadd(this.ownerKey(entry.ownerId, 'due'), entry.nextAt, entry.leadId);
    });
    const ownersBatch = keys.cluster ? pipelineAcrossSlots(redis) : batch;
    if (keys.cluster) repliesOf(await batch.exec());
    for (const [leadId, ownerId] of owners) {
      if (ownerId === null) ownersBatch.hdel(this.key('lead-owner'), leadId);
      else ownersBatch.hset(this.key('lead-owner'), leadId, ownerId);
    }
    repliesOf(await ownersBatch.exec());
    await this.lowerOwnersNext(entries);
  }

  /**
   * `owner-next` keeps, per owner, a lower bound of the instants in their due set, so a scan reads
   * only the owners with something due. Written after the owner's own set (a separate key, and on
   * Cluster another slot) and only ever lowered here (ZADD LT), so concurrent writers cannot lose an
   * instant; a bound left low by an entry that moved later is raised by the scan (raiseOwnersNext).
   */
  private async lowerOwnersNext(entries: readonly IndexWrite[]): Promise<void> {
    const lowest = new Map<string, number>();
    for (const { ownerId, nextAt } of entries) {
      if (ownerId === null || nextAt === null) continue;
      lowest.set(ownerId, Math.min(nextAt, lowest.get(ownerId) ?? Number.POSITIVE_INFINITY));
    }
    if (lowest.size === 0) return;
    const batch = pipelineAcrossSlots(this.deps.redis);
    for (const [ownerId, at] of lowest) batch.zadd(this.key('owner-next'), 'LT', at, ownerId);
    await batch.exec();
  }

  /** The owners whose lower bound has passed: those who may have due entries at `now`. */
  async dueOwners(now: Date): Promise<string[]> {
    const ids: unknown = await this.deps.redis.zrangebyscore(this.key('owner-next'), '-inf', now.getTime());
    if (!isStringList(ids)) throw new TypeError(`ZRANGEBYSCORE replied ${typeof ids}, not a list of ids`);
    return ids;
  }

  /** Each owner's earliest instant (+Infinity: nothing indexed for them), one pipelined round trip. */
  private async earliest(ownerIds: readonly string[]): Promise<number[]> {
    const batch = pipelineAcrossSlots(this.deps.redis);
    for (const ownerId of ownerIds) batch.zrange(this.ownerKey(ownerId, 'due'), 0, 0, 'WITHSCORES');
    const replies = (await batch.exec()) ?? [];
    return ownerIds.map((_, i) => {
      const [error, reply] = replies[i] ?? [null, []];
      if (error) throw error;
      const score = isStringList(reply) ? reply[1] : undefined;
      return score === undefined ? Number.POSITIVE_INFINITY : Number(score);
    });
  }

  /**
   * Sets these owners' bounds to their earliest instant once a scan has read them (an entry that was
   * due and moved on leaves the bound low). Set, then read again and lowered: a writer whose entry
   * landed before the second read is seen by it, and one after it lowers the bound itself, so no
   * instant is lost (a scan running in between may pass the owner over for one window).
   */
  async raiseOwnersNext(ownerIds: readonly string[]): Promise<void> {
    if (ownerIds.length === 0) return;
    const key = this.key('owner-next');
    const first = await this.earliest(ownerIds);
    const set = pipelineAcrossSlots(this.deps.redis);
    ownerIds.forEach((ownerId, i) => {
      const at = first[i] ?? Number.POSITIVE_INFINITY;
      if (Number.isFinite(at)) set.zadd(key, at, ownerId);
      else set.zrem(key, ownerId);
    });
    await set.exec();
    const again = await this.earliest(ownerIds);
    const lower = pipelineAcrossSlots(this.deps.redis);
    ownerIds.forEach((ownerId, i) => {
      const at = again[i] ?? Number.POSITIVE_INFINITY;
      if (Number.isFinite(at)) lower.zadd(key, 'LT', at, ownerId);
    });
    await lower.exec();
  }

  /** Each owner's leads whose instant has passed, in one pipelined round trip. */
  async dueLeadIds(ownerIds: readonly string[], now: Date): Promise<Map<string, string[]>> {
    const batch = pipelineAcrossSlots(this.deps.redis);
    for (const ownerId of ownerIds) batch.zrangebyscore(this.ownerKey(ownerId, 'due'), '-inf', now.getTime());
    const replies = (await batch.exec()) ?? [];
    const due = new Map<string, string[]>();
    ownerIds.forEach((ownerId, i) => {
      const [error, ids] = replies[i] ?? [null, []];
      if (error) throw error;
      if (!isStringList(ids)) throw new TypeError(`ZRANGEBYSCORE replied ${typeof ids}, not a list of ids`);
      if (ids.length > 0) due.set(ownerId, ids);
    });
    return due;
  }

  /** The stored clock states of some of an owner's leads (what a digest or Home shows). */
  async states(ownerId: string, leadIds: readonly string[]): Promise<Map<string, string>> {
    if (leadIds.length === 0) return new Map();
    const values = await this.deps.redis.hmget(this.ownerKey(ownerId, 'state'), ...leadIds);
    const states = new Map<string, string>();
    leadIds.forEach((id, i) => {
      const value = values[i];
      if (value) states.set(id, storedState(value));
    });
    return states;
  }

  /**
   * The stored clock facts of each owner's due leads, one pipelined HMGET per owner (each under the
   * owner's hash tag); a lead whose entry has no facts (written before they were kept) is absent.
   */
  async facts(due: ReadonlyMap<string, readonly string[]>): Promise<Map<string, StoredFacts>> {
    const owners = [...due].filter(([, ids]) => ids.length > 0);
    const found = new Map<string, StoredFacts>();
    if (owners.length === 0) return found;
    const batch = pipelineAcrossSlots(this.deps.redis);
    for (const [ownerId, ids] of owners) batch.hmget(this.ownerKey(ownerId, 'state'), ...ids);
    const replies = (await batch.exec()) ?? [];
    owners.forEach(([, ids], i) => {
      const [error, values] = replies[i] ?? [null, []];
      if (error) throw error;
      if (!Array.isArray(values)) throw new TypeError(`HMGET replied ${typeof values}, not a list`);
      ids.forEach((id, j) => {
        const facts = decodeFacts(values[j] as string | null | undefined);
        if (facts) found.set(id, facts);
      });
    });
    return found;
  }

  async ownerTimeZones(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.deps.redis.hgetall(this.key('owner-tz'))));
  }

  async ownerTimeZonesOf(ownerIds: readonly string[]): Promise<Map<string, string>> {
    if (ownerIds.length === 0) return new Map();
    const values = await this.deps.redis.hmget(this.key('owner-tz'), ...ownerIds);
    const zones = new Map<string, string>();
    ownerIds.forEach((id, i) => {
      const value = values[i];
      if (value) zones.set(id, value);
    });
    return zones;
  }

  async setOwnerTimeZones(zones: ReadonlyMap<string, string>): Promise<void> {
    if (zones.size === 0) return;
    await this.deps.redis.hset(this.key('owner-tz'), Object.fromEntries(zones));
  }

  /**
   * The digest of every owner's zone as a scan last found them all equal to the zones their entries
   * were computed in; cleared when an owner's entries move to another zone (sla-index.ts), so a
   * scan that computes the same digest needs no per-owner comparison.
   */
  async zonesChecked(): Promise<string | null> {
    return this.deps.redis.hget(this.key('meta'), 'zones-checked');
  }

  async setZonesChecked(digest: string | null): Promise<void> {
    if (digest === null) await this.deps.redis.hdel(this.key('meta'), 'zones-checked');
    else await this.deps.redis.hset(this.key('meta'), 'zones-checked', digest);
  }

  /** The policy hash of the last complete (re-)index; null: never built. */
  async readyPolicyHash(): Promise<string | null> {
    return this.deps.redis.hget(this.key('meta'), 'ready');
  }

  async markReady(hash: string): Promise<void> {
    await this.deps.redis.hset(this.key('meta'), 'ready', hash);
  }

  async progress(): Promise<ReindexProgress | null> {
    const raw = await this.deps.redis.hget(this.key('meta'), 'progress');
    if (raw === null) return null;
    const parsed = reindexProgressSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async saveProgress(progress: ReindexProgress): Promise<void> {
    const stamped = { ...progress, updatedAt: new Date().toISOString() };
    await this.deps.redis.hset(this.key('meta'), 'progress', JSON.stringify(stamped));
  }
}
