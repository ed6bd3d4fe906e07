import type { Redis } from 'ioredis';
import { defineQueue } from './queue-spec.ts';
import type { JobRuntime } from './runtime.ts';

const HEARTBEAT_EVERY_MS = 30_000;
const HEARTBEAT_TTL_S = 120;

/** bullpen's own housekeeping jobs. */
export const systemQueue = defineQueue<{ 'worker-heartbeat': Record<string, never> }>('system');

export const heartbeatKey = (prefix: string): string => `${prefix}:health:worker-heartbeat`;

/**
 * A recurring job that proves some worker is consuming queues:
 * `bullpen doctor` reads the key to tell whether jobs are being processed anywhere.
 */
export async function registerHeartbeat(runtime: JobRuntime, redis: Redis, prefix: string): Promise<void> {
  runtime.process(systemQueue, {
    'worker-heartbeat': async () => {
      await redis.set(heartbeatKey(prefix), new Date().toISOString(), 'EX', HEARTBEAT_TTL_S);
    },
  });
  await runtime
    .queue(systemQueue)
    .upsertJobScheduler('worker-heartbeat', { every: HEARTBEAT_EVERY_MS }, { name: 'worker-heartbeat' });
}

export async function lastHeartbeat(redis: Redis, prefix: string): Promise<Date | null> {
  const value = await redis.get(heartbeatKey(prefix));
  return value ? new Date(value) : null;
}
