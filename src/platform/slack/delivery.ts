import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { QUICK_RECOVERY_LOCKS } from '../jobs/recovery.ts';
import type { JobRuntime } from '../jobs/runtime.ts';
import type { Logger } from '../http/logger.ts';
import type { Keyspace, RedisClient } from '../redis.ts';
import { permanentSlackError } from './permanent-errors.ts';
import { deliveryMetadata, PostedLookup, postAttemptSchema, type PostAttempt } from './posted-lookup.ts';
import { deliveryQueue, deliveryRequestSchema, type DeliveryRequest } from './delivery-request.ts';
import { slackErrorCode } from './replies.ts';

/**
 * Everything bullpen posts outside a request goes through this queue: posts, edits, DMs, Home
 * views. Each delivery has a key that is its BullMQ job id and its record in Redis, so a job run
 * twice (a retry, two workers, a re-run scan) posts once; edits reuse the stored message ts. Slack's
 * 429s are handled by @slack/web-api, which waits Retry-After and tries again: a rate limit delays
 * a delivery and loses nothing.
 *
 * A worker killed after Slack accepted a post but before its record was written would post it again
 * on the retry. So a post first stores its attempt (where and when) and carries its key in the
 * message metadata; a retry that finds an attempt without a record looks for the post in the
 * conversation's history and adopts it (see posted-lookup.ts).
 */

export {
  deliveryQueue,
  deliveryRequestSchema,
  failureJob,
  type DeliveryRequest,
  type FailureJob,
} from './delivery-request.ts';

export interface DeliveryRecord {
  channel?: string;
  ts?: string;
  at: string;
}

const okSchema = z
  .object({ ok: z.literal(true), channel: z.string().optional(), ts: z.string().optional() })
  .loose();
const RECORD_TTL_S = 35 * 86_400;
/** A post normally takes well under a second; a poster gone this long has died. */
const CLAIM_TTL_MS = 20_000;
const CLAIM_POLL_MS = 200;
const RELEASE_CLAIM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
/** Deliveries that may run again after they are done: an edit or a view is simply re-applied. */
const REPEATABLE = new Set<DeliveryRequest['method']>(['chat.update', 'views.publish', 'views.update']);
/** BullMQ states of a delivery job that has not started: it can still be cancelled. */
const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

export type RetractOutcome = 'deleted' | 'cancelled' | 'never-posted';

const jobIdOf = (key: string): string => `slack-${key}`;

export class SlackDelivery {
  private readonly runtime: JobRuntime;
  private readonly client: WebClient;
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly logger: Logger;
  private readonly lookup: PostedLookup;

  constructor(deps: {
    runtime: JobRuntime;
    client: WebClient;
    redis: RedisClient;
    keys: Keyspace;
    logger: Logger;
  }) {
    this.runtime = deps.runtime;
    this.client = deps.client;
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.logger = deps.logger;
    this.lookup = new PostedLookup(deps.client, deps.logger);
  }

  // A delivery's record, attempt and claim share its key as their hash tag on Cluster: `save` writes
  // the record and drops the attempt in one MULTI. (On one node the names are as they always were.)
  private recordKey(key: string): string {
    return this.keys('slack', 'delivered', this.keys.tag(key));
  }

  private attemptKey(key: string): string {
    return this.keys('slack', 'attempt', this.keys.tag(key));
  }

  private claimKey(key: string): string {
    return this.keys('slack', 'posting', this.keys.tag(key));
  }

  async record(key: string): Promise<DeliveryRecord | null> {
    const json = await this.redis.get(this.recordKey(key));
    return json ? (JSON.parse(json) as DeliveryRecord) : null;
  }

  /** Queues a delivery; a second enqueue with the same key is ignored while the first is kept. */
  async enqueue(request: DeliveryRequest, options: { delayMs?: number } = {}): Promise<void> {
    const parsed = deliveryRequestSchema.parse(request);
    await this.runtime.add(deliveryQueue, 'deliver', parsed, {
      jobId: jobIdOf(parsed.key),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
  }

  /**
   * Takes a delivery back: deletes the message it posted (one already gone counts as deleted), or
   * cancels it while it still waits in the queue. One being performed right now throws, so the
   * caller's job retries once the post has a ts to delete.
   */
  async retract(key: string): Promise<RetractOutcome> {
    const record = await this.record(key);
    if (record?.channel && record.ts) {
      try {
        await this.client.chat.delete({ channel: record.channel, ts: record.ts });
      } catch (error) {
        if (slackErrorCode(error) !== 'message_not_found') throw error;
      }
      return 'deleted';
    }
    const pending = await this.runtime.queue(deliveryQueue).getJob(jobIdOf(key));
    if (!pending) return 'never-posted';
    if (PENDING_STATES.has(await pending.getState())) {
      await pending.remove();
      return 'cancelled';
    }
    throw new Error(`delivery ${key} is being performed; retract it again once it has been posted`);
  }

  registerWorker(): void {
    this.runtime.process(
      deliveryQueue,
      {
        deliver: async (job) => {
          const request = deliveryRequestSchema.parse(job.data);
          try {
            return await this.deliver(request);
          } catch (error) {
            throw await this.failure(request, error);
          }
        },
      },
      // Comfortably inside chat.postMessage's workspace-wide pace; 429s beyond it are retried.
      { concurrency: 4, limiter: { max: 10, duration: 1000 }, ...QUICK_RECOVERY_LOCKS },
    );
  }

  /** A refusal no retry can fix ends the delivery at once, and queues its DM instead and onFailure job. */
  private async failure(request: DeliveryRequest, error: unknown): Promise<unknown> {
    const code = permanentSlackError(error);
    if (code === undefined) return error;
    this.logger.warn({ key: request.key, method: request.method, error: code }, 'Slack refused a delivery');
    if (request.orDm) {
      await this.enqueue({ key: `${request.key}-dm`, method: 'dm', args: { ...request.orDm } });
    }
    const then = request.onFailure;
    if (then) {
      // Named by the feature that asked, through failureJob(), checked against its queue's job map.
      await this.runtime
        .queueNamed(then.queue)
        .add(then.name, { ...then.data, slackError: code }, { jobId: `failed-${request.key}` });
    }
    return new UnrecoverableError(`Slack refused ${request.method} (${code})`);
  }

  /** Performs one delivery now, unless it was already done. */
  async deliver(request: DeliveryRequest): Promise<DeliveryRecord> {
    const done = await this.record(request.key);
    if (done && !REPEATABLE.has(request.method)) return done;
    if (request.method === 'chat.postMessage' || request.method === 'dm') return this.post(request);
    let args: Record<string, unknown> = { ...request.args };
    if (request.method === 'chat.update' && request.updates) {
      const original = await this.record(request.updates);
      if (!original?.ts || !original.channel) {
        throw new Error(`cannot edit delivery ${request.updates}: it has not been posted`);
      }
      args = { ...args, channel: original.channel, ts: original.ts };
    }
    const response = okSchema.parse(await this.client.apiCall(request.method, args));
    const record = recordOf(response, args);
    if (request.method !== 'chat.update') await this.save(request.key, record);
    this.logger.debug({ key: request.key, method: request.method }, 'delivered to Slack');
    return record;
  }

  /**
   * A new message, at most once. One poster per key at a time (two finalisers, a job and its
   * retry): the others wait for its record. An earlier attempt that left no record may still have
   * reached Slack, so its post is looked for before posting again.
   */
  private async post(request: DeliveryRequest): Promise<DeliveryRecord> {
    const token = randomUUID();
    while (!(await this.claim(request.key, token))) {
      const done = await this.record(request.key);
      if (done) return done;
      await sleep(CLAIM_POLL_MS);
    }
    try {
      return (await this.record(request.key)) ?? (await this.postOnce(request));
    } finally {
      await this.redis.eval(RELEASE_CLAIM, 1, this.claimKey(request.key), token);
    }
  }

  private async postOnce(request: DeliveryRequest): Promise<DeliveryRecord> {
    let args: Record<string, unknown> = { ...request.args };
    const attempt: PostAttempt = { at: new Date().toISOString() };
    if (request.method === 'dm') {
      // Posting to a user id lands in the app's DM with them and answers with the DM's channel id,
      // so no conversations.open call is needed.
      const user = z.string().parse(args['user']);
      delete args['user'];
      args = { ...args, channel: user };
      attempt.user = user;
    } else {
      attempt.channel = z.string().parse(args['channel']);
    }
    const earlier = await this.attempt(request.key);
    if (earlier) {
      const found = await this.lookup.find(request.key, earlier);
      if (found) {
        this.logger.info({ key: request.key }, 'an interrupted post had reached Slack; not posting it again');
        return this.save(request.key, { ...found, at: new Date().toISOString() });
      }
    } else {
      await this.redis.set(this.attemptKey(request.key), JSON.stringify(attempt), 'EX', RECORD_TTL_S, 'NX');
    }
    args = { ...args, metadata: deliveryMetadata(request.key) };
    const response = okSchema.parse(await this.client.apiCall('chat.postMessage', args));
    const record = await this.save(request.key, recordOf(response, args));
    this.logger.debug({ key: request.key, method: request.method }, 'delivered to Slack');
    return record;
  }

  /** A lease, not a lock: a poster that died lets the next one in after CLAIM_TTL_MS. */
  private async claim(key: string, token: string): Promise<boolean> {
    return (await this.redis.set(this.claimKey(key), token, 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
  }

  private async attempt(key: string): Promise<PostAttempt | null> {
    const json = await this.redis.get(this.attemptKey(key));
    return json ? postAttemptSchema.parse(JSON.parse(json)) : null;
  }

  private async save(key: string, record: DeliveryRecord): Promise<DeliveryRecord> {
    await this.redis
      .multi()
      .set(this.recordKey(key), JSON.stringify(record), 'EX', RECORD_TTL_S)
      .del(this.attemptKey(key))
      .exec();
    return record;
  }
}

function recordOf(response: z.infer<typeof okSchema>, args: Record<string, unknown>): DeliveryRecord {
  const channel = response.channel ?? (typeof args['channel'] === 'string' ? args['channel'] : undefined);
  return {
    ...(channel ? { channel } : {}),
    ...(response.ts ? { ts: response.ts } : {}),
    at: new Date().toISOString(),
  };
}
