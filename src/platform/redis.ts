import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from './config/redact.ts';
import type { Logger } from './http/logger.ts';

/**
 * Redis connections. BullMQ workers block on Redis and need `maxRetriesPerRequest: null`, so they
 * get their own connections; commands from request handlers wait for a (re)connection for a couple
 * of attempts, then fail instead of queueing forever while Redis is down.
 */
export function createRedis(url: string, purpose: 'commands' | 'bullmq', extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `bullpen-${purpose}`,
    maxRetriesPerRequest: purpose === 'bullmq' ? null : 2,
    // Reconnect with capped backoff: Redis restarts must not take bullpen down.
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    lazyConnect: false,
    ...extra,
  });
}

/** The process's command connection, logging each distinct outage once and its recovery. */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = createRedis(url, 'commands');
  let lastRedisError = '';
  redis.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    // ioredis reports every reconnect attempt; one line per distinct failure is enough.
    if (code !== lastRedisError) logger.warn({ code }, `Redis unavailable at ${redactUrl(url)}; retrying`);
    lastRedisError = code;
  });
  redis.on('ready', () => {
    if (lastRedisError) logger.info('Redis connection restored');
    lastRedisError = '';
  });
  return redis;
}

export async function closeRedis(redis: Redis): Promise<void> {
  // QUIT waits for a reply a Redis that is down never sends; drop the connection instead.
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}

/** Namespaced keys: every key bullpen writes starts with the configured prefix. */
export function keyspace(prefix: string) {
  return (...parts: string[]): string => [prefix, ...parts].join(':');
}
export type Keyspace = ReturnType<typeof keyspace>;

export async function pingRedis(
  url: string,
  timeoutMs = 2_000,
): Promise<{ ok: true; maxmemoryPolicy?: string } | { ok: false; error: string }> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => {
    // reported through the returned result
  });
  try {
    await client.connect();
    await client.ping();
    let maxmemoryPolicy: string | undefined;
    try {
      const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
      maxmemoryPolicy = reply[1];
    } catch {
      // managed Redis often forbids CONFIG; not a failure
    }
    return maxmemoryPolicy === undefined ? { ok: true } : { ok: true, maxmemoryPolicy };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    return { ok: false, error: err.code ?? err.message };
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under a prefix without blocking Redis (SCAN + UNLINK in batches). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * A class whose methods read and write keys of its own in bullpen's Redis (a feature's store, the
 * synced-record store, the access registry): it keeps the connection and the key space.
 */
export abstract class RedisBacked {
  protected readonly redis: Redis;
  protected readonly keys: Keyspace;

  constructor(redis: Redis, keys: Keyspace) {
    this.redis = redis;
    this.keys = keys;
  }
}
