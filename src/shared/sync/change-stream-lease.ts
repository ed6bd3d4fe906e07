import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../platform/redis.ts';

/**
 * Who consumes the change stream: one worker at a time holds a Redis lease (SET NX PX) and renews
 * it well before it lapses; if the holder dies, the lease expires and another worker takes over.
 */

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisLease {
  readonly #redis: RedisClient;
  readonly #key: string;
  readonly #ttlMs: number;
  readonly token = randomUUID();

  constructor(redis: RedisClient, key: string, ttlMs: number) {
    this.#redis = redis;
    this.#key = key;
    this.#ttlMs = ttlMs;
  }

  /** Takes the lease if nobody holds it; true when this process holds it now. */
  async acquire(): Promise<boolean> {
    return (await this.#redis.set(this.#key, this.token, 'PX', this.#ttlMs, 'NX')) === 'OK';
  }

  /** Extends the lease; false when it lapsed or another process took it. */
  async renew(): Promise<boolean> {
    return (await this.#redis.eval(RENEW, 1, this.#key, this.token, String(this.#ttlMs))) === 1;
  }

  async release(): Promise<void> {
    await this.#redis.eval(RELEASE, 1, this.#key, this.token);
  }
}
