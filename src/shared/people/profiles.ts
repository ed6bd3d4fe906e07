import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { RedisBacked, type Keyspace, type RedisClient } from '../../platform/redis.ts';
import { mention } from '../../platform/slack/mentions.ts';
import { slackErrorCode } from '../../platform/slack/replies.ts';

/**
 * Who a Slack member is (name, title, active, bot), from users.info (Tier 4) cached in Redis for a
 * day, so a busy #wins channel or a contest roster costs one lookup per person per day. Unknown users are reported, never cached, so
 * someone who joins Slack later is found on the next try.
 */

export interface SlackProfile {
  id: string;
  name: string;
  title: string;
  isBot: boolean;
  deleted: boolean;
}

const usersInfoSchema = z.object({
  ok: z.literal(true),
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    profile: z
      .object({
        real_name: z.string().optional(),
        display_name: z.string().optional(),
        title: z.string().optional(),
      })
      .optional(),
  }),
});

const PROFILE_TTL_S = 86_400;

export type ProfileLookup =
  { ok: true; profile: SlackProfile } | { ok: false; reason: 'not-found' | 'deactivated' | 'bot' };

export class SlackProfiles extends RedisBacked {
  private readonly client: WebClient;

  constructor(deps: { client: WebClient; redis: RedisClient; keys: Keyspace }) {
    super(deps.redis, deps.keys);
    this.client = deps.client;
  }

  private async fetch(slackUserId: string): Promise<SlackProfile | null> {
    const key = this.keys('slack', 'profile', slackUserId);
    const cached = await this.redis.get(key);
    if (cached) return JSON.parse(cached) as SlackProfile;
    let response: z.infer<typeof usersInfoSchema>;
    try {
      response = usersInfoSchema.parse(await this.client.users.info({ user: slackUserId }));
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'user_not_found' || code === 'users_not_found') return null;
      throw error;
    }
    const { user } = response;
    const profile: SlackProfile = {
      id: user.id,
      name: user.profile?.real_name || user.real_name || user.profile?.display_name || user.name || user.id,
      title: user.profile?.title ?? '',
      isBot: user.is_bot ?? false,
      deleted: user.deleted ?? false,
    };
    await this.redis.set(key, JSON.stringify(profile), 'EX', PROFILE_TTL_S);
    return profile;
  }

  /** A person who can be recognised: exists, is active and is not a bot. */
  async lookup(slackUserId: string): Promise<ProfileLookup> {
    const profile = await this.fetch(slackUserId);
    if (!profile) return { ok: false, reason: 'not-found' };
    if (profile.deleted) return { ok: false, reason: 'deactivated' };
    if (profile.isBot) return { ok: false, reason: 'bot' };
    return { ok: true, profile };
  }
}

export function describeLookupFailure(
  slackUserId: string,
  reason: 'not-found' | 'deactivated' | 'bot',
): string {
  switch (reason) {
    case 'not-found':
      return `I couldn't find the user ${slackUserId} in this workspace. Pick people from Slack's @ autocomplete.`;
    case 'deactivated':
      return `${mention(slackUserId)} has been deactivated in Slack, so they can't be recognised.`;
    case 'bot':
      return `${mention(slackUserId)} is an app, not a person: shout-outs are for people.`;
  }
}
