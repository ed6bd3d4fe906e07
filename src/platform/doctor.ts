import { appKeyspace, createRedis, redisTarget, type Keyspace, type RedisClient } from './redis.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of `bullpen doctor`: the platform, shared parts and features each contribute theirs. */
export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** A required check that fails makes `bullpen doctor` exit 1. */
  required: boolean;
  detail: string;
  fix?: string;
}

/** Where doctor finds bullpen's Redis (the config's env fields a check needs). */
export interface DoctorRedisEnv {
  REDIS_URL: string;
  REDIS_PREFIX: string;
  REDIS_CLUSTER?: boolean;
}

/**
 * Runs a doctor check's reads on a one-off Redis connection that never retries. An unreachable
 * Redis gives no lines: the Redis check already reports it.
 */
export async function withDoctorRedis(
  env: DoctorRedisEnv,
  read: (state: { redis: RedisClient; keys: Keyspace }) => Promise<DoctorCheck[]>,
): Promise<DoctorCheck[]> {
  const redis = createRedis(redisTarget(env), 'commands', { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await read({ redis, keys: appKeyspace(env) });
  } catch {
    return [];
  } finally {
    redis.disconnect();
  }
}
