import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../http/logger.ts';

/**
 * Finding a post bullpen may already have made. Every post carries its delivery key in Slack
 * message metadata; when a worker died between Slack accepting a post and bullpen recording it, the
 * retry reads the conversation's history since the attempt and adopts the post it finds instead of
 * posting a second copy.
 */

export const DELIVERY_EVENT_TYPE = 'bullpen_delivery';

/** Slack's and bullpen's clocks differ a little; the history is read from a minute before the attempt. */
const CLOCK_MARGIN_MS = 60_000;
const PAGE_SIZE = 200;
/** A delivery retried within minutes has its post near the top; this bounds a pathological channel. */
const MAX_PAGES = 10;

/** Where an interrupted post went: a channel id, or the person whose app DM it was. */
export interface PostAttempt {
  channel?: string;
  user?: string;
  /** When the first attempt started (ISO). */
  at: string;
}

export const postAttemptSchema = z.object({
  channel: z.string().optional(),
  user: z.string().optional(),
  at: z.iso.datetime(),
});

const historySchema = z
  .object({
    ok: z.literal(true),
    messages: z.array(
      z
        .object({
          ts: z.string(),
          metadata: z
            .object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() })
            .loose()
            .optional(),
        })
        .loose(),
    ),
    has_more: z.boolean().optional(),
    response_metadata: z.object({ next_cursor: z.string().optional() }).loose().optional(),
  })
  .loose();

const openSchema = z.object({ ok: z.literal(true), channel: z.object({ id: z.string() }).loose() }).loose();

export const deliveryMetadata = (key: string) => ({
  event_type: DELIVERY_EVENT_TYPE,
  event_payload: { delivery_key: key },
});

/** A Slack answer with `ok: false` (no access, no such channel) rather than a network or server fault. */
function slackRefusal(error: unknown): string | undefined {
  const data = (error as { code?: unknown; data?: { error?: unknown } } | null) ?? {};
  return data.code === 'slack_webapi_platform_error' && typeof data.data?.error === 'string'
    ? data.data.error
    : undefined;
}

export class PostedLookup {
  private readonly client: WebClient;
  private readonly logger: Logger;

  constructor(client: WebClient, logger: Logger) {
    this.client = client;
    this.logger = logger;
  }

  /**
   * The post made under `key` since `attempt.at`, or null when there is none. When Slack will not
   * show the history (a channel the app posts to without being a member, a missing scope), it logs
   * and answers null: posting again risks a duplicate, not posting risks losing the message. Network
   * and server errors are thrown, so the job retries and looks again.
   */
  async find(key: string, attempt: PostAttempt): Promise<{ channel: string; ts: string } | null> {
    try {
      const channel = attempt.channel ?? (attempt.user ? await this.dmChannel(attempt.user) : undefined);
      if (!channel) return null;
      const ts = await this.searchHistory(channel, key, Date.parse(attempt.at) - CLOCK_MARGIN_MS);
      return ts ? { channel, ts } : null;
    } catch (error) {
      const refusal = slackRefusal(error);
      if (!refusal) throw error;
      this.logger.warn(
        { key, error: refusal },
        'cannot read Slack history to check an interrupted post; posting it again',
      );
      return null;
    }
  }

  private async dmChannel(user: string): Promise<string> {
    const opened = openSchema.parse(await this.client.apiCall('conversations.open', { users: user }));
    return opened.channel.id;
  }

  private async searchHistory(channel: string, key: string, sinceMs: number): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const history = historySchema.parse(
        await this.client.apiCall('conversations.history', {
          channel,
          oldest: (sinceMs / 1000).toFixed(6),
          include_all_metadata: true,
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const match = history.messages.find(
        (m) =>
          m.metadata?.event_type === DELIVERY_EVENT_TYPE &&
          m.metadata.event_payload?.['delivery_key'] === key,
      );
      if (match) return match.ts;
      cursor = history.response_metadata?.next_cursor;
      if (!history.has_more || !cursor) return undefined;
    }
    return undefined;
  }
}
