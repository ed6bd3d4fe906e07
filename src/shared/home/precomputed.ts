import { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { RefreshHome } from '../feature.ts';

/**
 * A Home section's numbers that are too slow to compute at a Home open (the executives' org
 * roll-up, marketing's funnel): a worker computes them into Redis, Home shows the last stored value
 * and asks for a new one when it is older than `freshMs`, one computation at a time however many
 * people look; people who opened Home before there was any value get their Home shown again once
 * it is stored.
 */

const STORED_TTL_S = 86_400;
const WAITING_TTL_S = 600;
/** One computation at a time; a worker that died mid-way lets the next one in after this. */
const COMPUTING_TTL_S = 600;

export interface Precomputed<T> {
  computedAt: Date;
  value: T;
}

export class PrecomputedHomeValue<T> {
  private readonly deps: { redis: RedisClient; keys: Keyspace };
  private readonly options: {
    /** Key parts under the app's prefix, e.g. ['nudges', 'org-rollup']. */
    key: readonly string[];
    freshMs: number;
    /** Checks a stored value; one that fails (an older version's) reads as none. */
    schema: z.ZodType<T>;
    /** Queues the worker job that computes the value and calls `store`. */
    requestComputation(now: Date): Promise<void>;
  };

  constructor(deps: PrecomputedHomeValue<T>['deps'], options: PrecomputedHomeValue<T>['options']) {
    this.deps = deps;
    this.options = options;
  }

  /** The value, its waiters and its claim share one tag (one Cluster slot): `store` is one MULTI. */
  private key(...more: string[]): string {
    return this.deps.keys(this.deps.keys.tag(...this.options.key), ...more);
  }

  /** The value last stored, or null (none yet, expired, or stored by an incompatible version). */
  async read(): Promise<Precomputed<T> | null> {
    const json = await this.deps.redis.get(this.key());
    if (!json) return null;
    const envelope = z.object({
      version: z.literal(1),
      computedAt: z.iso.datetime(),
      value: this.options.schema,
    });
    try {
      const parsed = envelope.safeParse(JSON.parse(json));
      return parsed.success
        ? { computedAt: new Date(parsed.data.computedAt), value: parsed.data.value }
        : null;
    } catch {
      return null;
    }
  }

  /** What a viewer's Home shows now; a missing or stale value is asked for. */
  async forViewer(viewerSlackId: string, now: Date): Promise<Precomputed<T> | null> {
    const stored = await this.read();
    if (stored && now.getTime() - stored.computedAt.getTime() <= this.options.freshMs) return stored;
    if (!stored) {
      await this.deps.redis
        .multi()
        .sadd(this.key('waiting'), viewerSlackId)
        .expire(this.key('waiting'), WAITING_TTL_S)
        .exec();
    }
    const claimed = await this.deps.redis.set(
      this.key('computing'),
      now.toISOString(),
      'EX',
      COMPUTING_TTL_S,
      'NX',
    );
    if (claimed === 'OK') await this.options.requestComputation(now);
    return stored;
  }

  /**
   * Stores a computed value and shows their Home again to those who waited for it; returns how many.
   * A computation that fails never gets here and keeps the claim: BullMQ's retries run it again,
   * and nobody queues a second one meanwhile.
   */
  async store(value: T, now: Date, refreshHome?: RefreshHome): Promise<number> {
    const stored = { version: 1, computedAt: now.toISOString(), value };
    const [, waiting] =
      (await this.deps.redis
        .multi()
        .set(this.key(), JSON.stringify(stored), 'EX', STORED_TTL_S)
        .smembers(this.key('waiting'))
        .del(this.key('waiting'))
        .del(this.key('computing'))
        .exec()) ?? [];
    const viewers = z.array(z.string()).catch([]).parse(waiting?.[1]);
    for (const viewer of viewers) await refreshHome?.(viewer);
    return viewers.length;
  }
}
