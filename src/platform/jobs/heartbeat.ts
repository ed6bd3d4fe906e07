import { defineQueue } from './queue-spec.ts';
import type { JobRuntime } from './runtime.ts';
import type { Keyspace, RedisClient } from '../redis.ts';

const HEARTBEAT_EVERY_MS = 30_000;
const HEARTBEAT_TTL_S = 120;

/** bullpen's own housekeeping jobs. */
export const systemQueue = defineQueue<{ 'worker-heartbeat': Record<string, never> }>('system');

export const heartbeatKey = (keys: Keyspace): string => keys('health', 'worker-heartbeat');

/**
 * A recurring job that proves some worker is consuming queues:
 * `bullpen doctor` reads the key to tell whether jobs are being processed anywhere.
 */
export async function registerHeartbeat(
  runtime: JobRuntime,
  redis: RedisClient,
  keys: Keyspace,
): Promise<void> {
  runtime.process(systemQueue, {
    'worker-heartbeat': async () => {
      await redis.set(heartbeatKey(keys), new Date().toISOString(), 'EX', HEARTBEAT_TTL_S);
    },
  });
  await runtime
    .queue(systemQueue)
    .upsertJobScheduler('worker-heartbeat', { every: HEARTBEAT_EVERY_MS }, { name: 'worker-heartbeat' });
}

export async function lastHeartbeat(redis: RedisClient, keys: Keyspace): Promise<Date | null> {
  const value = await redis.get(heartbeatKey(keys));
  return value ? new Date(value) : null;
}
