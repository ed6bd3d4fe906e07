import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { redactUrl } from './config/redact.ts';
import type { Logger } from './http/logger.ts';
import { CoalescingConnector } from './redis-coalescing.ts';

/**
 * A connection to bullpen's Redis: one node, or a Redis Cluster. Both share ioredis's command
 * methods (Commander), MULTI and pipelines, so stores take either.
 */
export type RedisClient = Redis | Cluster;

/** Where bullpen's Redis is: one node, or a Cluster found through a seed node (REDIS_CLUSTER=1). */
export interface RedisTarget {
  url: string;
  cluster: boolean;
}

export function redisTarget(env: { REDIS_URL: string; REDIS_CLUSTER?: boolean }): RedisTarget {
  return { url: env.REDIS_URL, cluster: env.REDIS_CLUSTER === true };
}

/**
 * The prefix of every key bullpen writes outside BullMQ: REDIS_PREFIX as it is, on one node and on
 * Cluster. It is not a hash tag: the stores tag their own keys (Keyspace.tag), so bullpen's data
 * spreads over the masters by owner, contest, lead or store (README, Redis Cluster).
 */
export function appKeyPrefix(env: { REDIS_PREFIX: string }): string {
  return env.REDIS_PREFIX;
}

/**
 * BullMQ's prefix for one queue. On Cluster each queue gets its own hash tag (BullMQ's scripts touch
 * several keys of one queue), so the queues land on different masters; on one node it is the plain
 * prefix, as it always was.
 */
export function queuePrefix(prefix: string, queue: string, cluster: boolean): string {
  return cluster ? `{${prefix}:${queue}}` : prefix;
}

/** Node options taken from a redis:// or rediss:// URL: credentials, TLS and database. */
function nodeOptionsFromUrl(url: string): { host: string; port: number; options: RedisOptions } {
  const parsed = new URL(url);
  const options: RedisOptions = {};
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') options.tls = {};
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 6379, options };
}

/**
 * A node connection's options with an event-loop turn's commands sent in one socket write
 * (redis-coalescing.ts): every connection bullpen opens goes through here, its command connection
 * and BullMQ's, on one node and on each node of a Cluster alike.
 */
export function withCoalescedWrites<Options extends RedisOptions>(options: Options): Options {
  return { ...options, Connector: CoalescingConnector };
}

/**
 * A Cluster client seeded from one node's URL (ioredis discovers the other masters from it). The
 * node options (credentials, TLS, retries per request) apply to every node's connection.
 */
export function createCluster(url: string, nodeOptions: RedisOptions, options: ClusterOptions = {}): Cluster {
  const seed = nodeOptionsFromUrl(url);
  return new Cluster([{ host: seed.host, port: seed.port }], {
    redisOptions: withCoalescedWrites({ ...seed.options, ...nodeOptions }),
    // Reconnect with capped backoff, as a single node does: a failover must not take bullpen down.
    clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    // A command redirected during a failover (MOVED, TRYAGAIN, CLUSTERDOWN, a closed connection) is
    // retried at most 5 times, 300 ms apart, then fails: about 1.5 s, like the node connection's
    // maxRetriesPerRequest, instead of ioredis's 16 tries.
    maxRedirections: 5,
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 300,
    ...options,
  });
}

/**
 * Redis connections. BullMQ workers block on Redis and need `maxRetriesPerRequest: null`, so they
 * get their own connections; commands from request handlers wait for a (re)connection for a couple
 * of attempts, then fail instead of queueing forever while Redis is down.
 */
export function createRedis(url: string, purpose: 'commands' | 'bullmq', extra?: RedisOptions): Redis;
export function createRedis(
  target: string | RedisTarget,
  purpose: 'commands' | 'bullmq',
  extra?: RedisOptions,
): RedisClient;
export function createRedis(
  target: string | RedisTarget,
  purpose: 'commands' | 'bullmq',
  extra: RedisOptions = {},
): RedisClient {
  const { url, cluster } = typeof target === 'string' ? { url: target, cluster: false } : target;
  const options: RedisOptions = {
    connectionName: `bullpen-${purpose}`,
    maxRetriesPerRequest: purpose === 'bullmq' ? null : 2,
    // Reconnect with capped backoff: Redis restarts must not take bullpen down.
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    lazyConnect: false,
    ...extra,
  };
  if (!cluster) return new Redis(url, withCoalescedWrites(options));
  // Reconnection and the offline queue belong to the Cluster, not to each node's connection.
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...nodeOptions } = options;
  return createCluster(url, nodeOptions, {
    // Commands whose keys sit on different masters (redis-slots.ts) go out one by one and are
    // batched per master here: one round trip per master, not per command. Not for BullMQ's
    // connections, which block on Redis and batch their own work in scripts.
    enableAutoPipelining: purpose === 'commands',
    lazyConnect: lazyConnect ?? false,
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(extra.retryStrategy && retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
  });
}

/** The process's command connection, logging each distinct outage once and its recovery. */
export function connectRedis(target: string | RedisTarget, logger: Logger): RedisClient {
  const redis = createRedis(target, 'commands');
  const url = typeof target === 'string' ? target : target.url;
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

export async function closeRedis(redis: RedisClient): Promise<void> {
  // QUIT waits for a reply a Redis that is down never sends; drop the connection instead.
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}

/**
 * Namespaced keys: every key bullpen writes starts with the configured prefix. `tag(...parts)` is a
 * segment that decides the key's Redis Cluster slot: `{a:b}` on Cluster, plain `a:b` on one node, so
 * single-node key names stay what they always were while Cluster keeps keys that a MULTI, a script
 * or a pipeline names together in one slot. Segments that already carry braces (`{owner:<id>}`,
 * `{contest:<id>}`, `{contests}`) are tags on both and are kept as they are.
 */
export interface Keyspace {
  (...parts: string[]): string;
  tag(...parts: string[]): string;
  readonly cluster: boolean;
}

export function keyspace(prefix: string, options: { cluster?: boolean } = {}): Keyspace {
  const cluster = options.cluster === true;
  const keys = (...parts: string[]): string => [prefix, ...parts].join(':');
  const tag = (...parts: string[]): string => (cluster ? `{${parts.join(':')}}` : parts.join(':'));
  return Object.assign(keys, { tag, cluster });
}

/** bullpen's own keys (not BullMQ's) under REDIS_PREFIX, their tags rendered for Cluster when on one. */
export function appKeyspace(env: { REDIS_PREFIX: string; REDIS_CLUSTER?: boolean }): Keyspace {
  return keyspace(appKeyPrefix(env), { cluster: env.REDIS_CLUSTER === true });
}

/** One master's eviction policy; undefined where CONFIG is forbidden (managed Redis often does). */
export interface MasterPolicy {
  address: string;
  maxmemoryPolicy?: string;
}

export type RedisPing =
  | { ok: true; maxmemoryPolicy?: string; cluster?: { state: string; masters: MasterPolicy[] } }
  | { ok: false; error: string };

async function maxmemoryPolicyOf(node: Redis): Promise<string | undefined> {
  try {
    const reply = (await node.config('GET', 'maxmemory-policy')) as string[];
    return reply[1];
  } catch {
    return undefined;
  }
}

/** cluster_state and every master's eviction policy: a cluster is only as safe as its laxest master. */
async function describeCluster(client: Cluster): Promise<{ state: string; masters: MasterPolicy[] }> {
  const info = await client.cluster('INFO');
  const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  const masters = await Promise.all(
    client.nodes('master').map(async (node): Promise<MasterPolicy> => {
      const address = `${node.options.host ?? '?'}:${node.options.port ?? '?'}`;
      const policy = await maxmemoryPolicyOf(node);
      return policy === undefined ? { address } : { address, maxmemoryPolicy: policy };
    }),
  );
  return { state, masters };
}

export async function pingRedis(target: string | RedisTarget, timeoutMs = 2_000): Promise<RedisPing> {
  const client = createRedis(target, 'commands', {
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
    if (client instanceof Cluster) return { ok: true, cluster: await describeCluster(client) };
    const maxmemoryPolicy = await maxmemoryPolicyOf(client);
    return maxmemoryPolicy === undefined ? { ok: true } : { ok: true, maxmemoryPolicy };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    return { ok: false, error: err.code ?? err.message };
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under a prefix without blocking Redis (SCAN + UNLINK in batches). */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  // SCAN walks one node: on Cluster, walk each master (UNLINK of keys from one node may still span slots).
  if (redis instanceof Cluster) {
    await redis.ping(); // the masters are known once the client has the slot map
    let deleted = 0;
    for (const node of redis.nodes('master')) deleted += await deleteNodeKeys(node, prefix, true);
    return deleted;
  }
  return deleteNodeKeys(redis, prefix, false);
}

async function deleteNodeKeys(redis: Redis, prefix: string, oneByOne: boolean): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length === 0) continue;
    if (!oneByOne) deleted += await redis.unlink(...keys);
    else for (const key of keys) deleted += await redis.unlink(key);
  } while (cursor !== '0');
  return deleted;
}

/**
 * A class whose methods read and write keys of its own in bullpen's Redis (a feature's store, the
 * synced-record store, the access registry): it keeps the connection and the key space.
 */
export abstract class RedisBacked {
  protected readonly redis: RedisClient;
  protected readonly keys: Keyspace;

  constructor(redis: RedisClient, keys: Keyspace) {
    this.redis = redis;
    this.keys = keys;
  }
}
