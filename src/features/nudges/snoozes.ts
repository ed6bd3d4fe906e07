import type { Keyspace, RedisClient } from '../../platform/redis.ts';

/**
 * Snoozes: a sorted set of lead id by the instant the snooze ends, so screens read only the leads
 * they show (ZMSCORE) and expired snoozes are dropped as they are read instead of piling up forever.
 * Snoozes stored by an older bullpen in one hash (lead id -> ms) are moved into the set on the
 * first read that finds the hash.
 */

/** ZMSCORE arguments per call, so a report over every lead does not build one giant command. */
const CHUNK = 10_000;

export class Snoozes {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;

  constructor(deps: { redis: RedisClient; keys: Keyspace }) {
    this.redis = deps.redis;
    this.keys = deps.keys;
  }

  // Both tagged `snoozes` (one slot on Cluster): the move from the old hash is one MULTI.
  private get byExpiry(): string {
    return this.keys('nudges', `${this.keys.tag('snoozes')}-until`);
  }

  private get legacyHash(): string {
    return this.keys('nudges', this.keys.tag('snoozes'));
  }

  async snooze(leadId: string, until: Date): Promise<void> {
    await this.redis.zadd(this.byExpiry, until.getTime(), leadId);
  }

  /** Moves an old-layout hash into the set; true when there was one. */
  private async migrate(): Promise<boolean> {
    const old = await this.redis.hgetall(this.legacyHash);
    const entries = Object.entries(old);
    if (entries.length === 0) return false;
    const multi = this.redis.multi();
    // NX: a snooze set in the new layout meanwhile is newer than the hash's.
    multi.zadd(this.byExpiry, 'NX', ...entries.flatMap(([leadId, ms]) => [Number(ms), leadId]));
    await multi.del(this.legacyHash).exec();
    return true;
  }

  /**
   * The snoozes of these leads (absent: not snoozed). With `now`, snoozes that ended before it are
   * removed first, in the same round trip.
   */
  async of(leadIds: readonly string[], now?: Date): Promise<Map<string, Date>> {
    const found = new Map<string, Date>();
    for (let start = 0; start === 0 || start < leadIds.length; start += CHUNK) {
      const ids = leadIds.slice(start, start + CHUNK);
      const reads = this.redis.pipeline().exists(this.legacyHash);
      if (now && start === 0) reads.zremrangebyscore(this.byExpiry, '-inf', `(${now.getTime()}`);
      if (ids.length > 0) reads.zmscore(this.byExpiry, ...ids);
      const replies = (await reads.exec()) ?? [];
      if (Number(replies[0]?.[1]) === 1 && (await this.migrate())) return this.of(leadIds, now);
      const scores = (ids.length > 0 ? replies.at(-1)?.[1] : []) as (string | null)[];
      ids.forEach((id, index) => {
        const ms = scores[index];
        if (ms !== null && ms !== undefined) found.set(id, new Date(Number(ms)));
      });
    }
    return found;
  }

  /** Every stored snooze (the full scan's view). */
  async all(): Promise<Map<string, Date>> {
    if ((await this.redis.exists(this.legacyHash)) === 1) await this.migrate();
    const flat = await this.redis.zrange(this.byExpiry, 0, -1, 'WITHSCORES');
    const all = new Map<string, Date>();
    for (let i = 0; i < flat.length; i += 2) all.set(flat[i] ?? '', new Date(Number(flat[i + 1])));
    return all;
  }
}
