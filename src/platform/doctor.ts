import type { Redis } from 'ioredis';
import { createRedis, keyspace, type Keyspace } from './redis.ts';

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

/**
 * Runs a doctor check's reads on a one-off Redis connection that never retries. An unreachable
 * Redis gives no lines: the Redis check already reports it.
 */
export async function withDoctorRedis(
  env: { REDIS_URL: string; REDIS_PREFIX: string },
  read: (state: { redis: Redis; keys: Keyspace }) => Promise<DoctorCheck[]>,
): Promise<DoctorCheck[]> {
  const redis = createRedis(env.REDIS_URL, 'commands', { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await read({ redis, keys: keyspace(env.REDIS_PREFIX) });
  } catch {
    return [];
  } finally {
    redis.disconnect();
  }
}
