import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { RedisBacked, type Keyspace, type RedisClient } from '../../platform/redis.ts';
import { listMembers, type WorkspaceMember } from '../../platform/slack/directory.ts';

export type { WorkspaceMember } from '../../platform/slack/directory.ts';

/**
 * The workspace's people by name, for resolving what someone typed (`@Sam Carter`): one users.list
 * pass (Tier 2, 1,000 people a call) cached in Redis for ten minutes. A name that matches nobody may
 * belong to someone who just joined, so the caller can ask for a fresher list, at most once a minute.
 */

const memberSchema = z.object({
  id: z.string(),
  handle: z.string(),
  realName: z.string(),
  displayName: z.string(),
});
const cachedSchema = z.object({ loadedAt: z.number(), members: z.array(memberSchema) });

const CACHE_TTL_S = 600;
const FRESH_ENOUGH_MS = 60_000;

export class SlackMembers extends RedisBacked {
  private readonly client: WebClient;

  constructor(deps: { client: WebClient; redis: RedisClient; keys: Keyspace }) {
    super(deps.redis, deps.keys);
    this.client = deps.client;
  }

  private get key(): string {
    return this.keys('slack', 'members');
  }

  private async cached(): Promise<z.infer<typeof cachedSchema> | null> {
    const raw = await this.redis.get(this.key);
    if (raw === null) return null;
    const parsed = cachedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  private async load(): Promise<WorkspaceMember[]> {
    const members = await listMembers(this.client);
    await this.redis.set(this.key, JSON.stringify({ loadedAt: Date.now(), members }), 'EX', CACHE_TTL_S);
    return members;
  }

  /** Everyone, from the cache when it has them. */
  async all(): Promise<WorkspaceMember[]> {
    return (await this.cached())?.members ?? this.load();
  }

  /** Everyone, re-read from Slack unless the cached list is under a minute old. */
  async fresh(): Promise<WorkspaceMember[]> {
    const cached = await this.cached();
    if (cached && Date.now() - cached.loadedAt < FRESH_ENOUGH_MS) return cached.members;
    return this.load();
  }
}
