import { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';

/**
 * What the change stream keeps in Redis: the replay id after the last processed batch (a restart
 * resumes after it), the consumer lease, and the stream's health for doctor and the sync schedule.
 */

export const changeStreamKeys = (keys: Keyspace) => ({
  replayId: keys('sf', 'cdc', 'replay-id'),
  lease: keys('sf', 'cdc', 'lease'),
  health: keys('sf', 'cdc', 'health'),
});

interface StateDeps {
  redis: RedisClient;
  keys: Keyspace;
}

export const readReplayId = ({ redis, keys }: StateDeps): Promise<string | null> =>
  redis.get(changeStreamKeys(keys).replayId);

export async function writeReplayId({ redis, keys }: StateDeps, replayId: string): Promise<void> {
  await redis.set(changeStreamKeys(keys).replayId, replayId);
}

export async function clearReplayId({ redis, keys }: StateDeps): Promise<void> {
  await redis.del(changeStreamKeys(keys).replayId);
}

export const streamHealthSchema = z.object({
  status: z.enum(['off', 'connecting', 'live', 'reconnecting', 'unavailable', 'stopped']),
  reason: z.string().optional(),
  since: z.string(),
});
export type StreamHealth = z.infer<typeof streamHealthSchema>;

export async function writeStreamHealth({ redis, keys }: StateDeps, health: StreamHealth): Promise<void> {
  await redis.set(changeStreamKeys(keys).health, JSON.stringify(health));
}

/** The stream's last reported health, or null if no worker ever ran it. */
export async function readStreamHealth({ redis, keys }: StateDeps): Promise<StreamHealth | null> {
  const raw = await redis.get(changeStreamKeys(keys).health);
  if (raw === null) return null;
  try {
    const parsed = streamHealthSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
