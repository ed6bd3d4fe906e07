import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { QUEUE_NAMES, type JobRuntime } from '../jobs/runtime.ts';
import type { Logger } from '../ops/logger.ts';
import type { Keyspace } from '../store/redis.ts';
import { permanentSlackError } from './permanent-errors.ts';

/**
 * Everything bullpen posts outside a request goes through this queue: posts, edits, DMs, Home
 * views. Each delivery has a key that is its BullMQ job id and its record in Redis, so a job run
 * twice (a retry, two workers, a re-run scan) posts once; edits reuse the stored message ts. Slack's
 * 429s are handled by @slack/web-api, which waits Retry-After and tries again: a rate limit delays
 * a delivery and loses nothing.
 */

const DELIVERY_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.delete',
  'views.publish',
  'dm',
] as const;

export const deliveryRequestSchema = z.object({
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^:]+$/, 'delivery keys become BullMQ job ids, which may not contain ":"'),
  /** 'dm' posts in the app DM with args.user. */
  method: z.enum(DELIVERY_METHODS),
  args: z.record(z.string(), z.unknown()),
  /** For chat.update: the key of the earlier post whose channel and ts to edit. */
  updates: z.string().optional(),
  /** A job queued (with `slackError` added to its data) when Slack refuses this delivery for good. */
  onFailure: z
    .object({
      queue: z.enum(QUEUE_NAMES),
      name: z.string(),
      data: z.record(z.string(), z.unknown()),
    })
    .optional(),
});
export type DeliveryRequest = z.infer<typeof deliveryRequestSchema>;

export interface DeliveryRecord {
  channel?: string;
  ts?: string;
  at: string;
}

const okSchema = z
  .object({ ok: z.literal(true), channel: z.string().optional(), ts: z.string().optional() })
  .loose();
const RECORD_TTL_S = 35 * 86_400;

export class SlackDelivery {
  private readonly runtime: JobRuntime;
  private readonly client: WebClient;
  private readonly redis: Redis;
  private readonly keys: Keyspace;
  private readonly logger: Logger;

  constructor(deps: {
    runtime: JobRuntime;
    client: WebClient;
    redis: Redis;
    keys: Keyspace;
    logger: Logger;
  }) {
    this.runtime = deps.runtime;
    this.client = deps.client;
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.logger = deps.logger;
  }

  private recordKey(key: string): string {
    return this.keys('slack', 'delivered', key);
  }

  async record(key: string): Promise<DeliveryRecord | null> {
    const json = await this.redis.get(this.recordKey(key));
    return json ? (JSON.parse(json) as DeliveryRecord) : null;
  }

  /** Queues a delivery; a second enqueue with the same key is ignored while the first is kept. */
  async enqueue(request: DeliveryRequest, options: { delayMs?: number } = {}): Promise<void> {
    const parsed = deliveryRequestSchema.parse(request);
    await this.runtime.queue('slack-delivery').add('deliver', parsed, {
      jobId: `slack-${parsed.key}`,
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
  }

  registerWorker(): void {
    this.runtime.register({
      queue: 'slack-delivery',
      processor: async (job: Job) => {
        const request = deliveryRequestSchema.parse(job.data);
        try {
          return await this.deliver(request);
        } catch (error) {
          throw await this.failure(request, error);
        }
      },
      // Comfortably inside chat.postMessage's workspace-wide pace; 429s beyond it are retried.
      options: { concurrency: 4, limiter: { max: 10, duration: 1000 } },
    });
  }

  /** A refusal no retry can fix ends the delivery at once, and queues its onFailure job. */
  private async failure(request: DeliveryRequest, error: unknown): Promise<unknown> {
    const code = permanentSlackError(error);
    if (code === undefined) return error;
    this.logger.warn({ key: request.key, method: request.method, error: code }, 'Slack refused a delivery');
    const then = request.onFailure;
    if (then) {
      await this.runtime
        .queue(then.queue)
        .add(then.name, { ...then.data, slackError: code }, { jobId: `failed-${request.key}` });
    }
    return new UnrecoverableError(`Slack refused ${request.method} (${code})`);
  }

  /** Performs one delivery now, unless it was already done. */
  async deliver(request: DeliveryRequest): Promise<DeliveryRecord> {
    const done = await this.record(request.key);
    if (done && request.method !== 'chat.update' && request.method !== 'views.publish') return done;
    let method: string = request.method;
    let args: Record<string, unknown> = { ...request.args };
    if (request.method === 'dm') {
      // Posting to a user id lands in the app's DM with them and answers with the DM's channel id,
      // so no conversations.open call is needed.
      const user = z.string().parse(args['user']);
      delete args['user'];
      args = { ...args, channel: user };
      method = 'chat.postMessage';
    }
    if (request.method === 'chat.update' && request.updates) {
      const original = await this.record(request.updates);
      if (!original?.ts || !original.channel) {
        throw new Error(`cannot edit delivery ${request.updates}: it has not been posted`);
      }
      args = { ...args, channel: original.channel, ts: original.ts };
    }
    const response = okSchema.parse(await this.client.apiCall(method, args));
    const record: DeliveryRecord = {
      ...(response.channel
        ? { channel: response.channel }
        : typeof args['channel'] === 'string'
          ? { channel: args['channel'] }
          : {}),
      ...(response.ts ? { ts: response.ts } : {}),
      at: new Date().toISOString(),
    };
    if (request.method !== 'chat.update') {
      await this.redis.set(this.recordKey(request.key), JSON.stringify(record), 'EX', RECORD_TTL_S);
    }
    this.logger.debug({ key: request.key, method }, 'delivered to Slack');
    return record;
  }
}
