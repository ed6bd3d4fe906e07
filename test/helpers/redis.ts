import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { deleteKeysWithPrefix } from '../../src/platform/redis.ts';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RedisFixture {
  /** A connection for the test's own reads and writes. */
  readonly redis: Redis;
  /** A key prefix unique to the running test, e.g. for REDIS_PREFIX / BullMQ prefix. */
  readonly prefix: string;
  /** A fresh connection, closed after the test (workers need their own). */
  connect(options?: { maxRetriesPerRequest?: number | null }): Redis;
}

/**
 * A real Redis for the tests in a file: each test gets its own key prefix, and every key under it is
 * deleted after the test, so tests can run in parallel against one server.
 */
export function useRedis(): RedisFixture {
  let redis: Redis | undefined;
  let prefix = '';
  const extra: Redis[] = [];

  beforeEach(() => {
    prefix = `bptest-${randomUUID().slice(0, 8)}`;
    redis ??= new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterEach(async () => {
    await Promise.all(extra.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
    if (!redis) return;
    await deleteKeysWithPrefix(redis, prefix);
  });

  afterAll(async () => {
    await redis?.quit();
  });

  return {
    get redis() {
      if (!redis) throw new Error('useRedis: redis is only available inside a test');
      return redis;
    },
    get prefix() {
      return prefix;
    },
    connect(options = {}) {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null, ...options });
      extra.push(connection);
      return connection;
    },
  };
}
