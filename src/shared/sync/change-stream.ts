import type { Env } from '../../platform/config/env.ts';
import type { Logger } from '../../platform/http/logger.ts';
import type { DomainEventBus } from '../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import {
  ChangeStreamSubscriber,
  type ChangeBatch,
  type StreamState,
  type SubscriberHandlers,
} from '../../platform/salesforce/pubsub/subscriber.ts';
import { applyChangeBatch, STREAMED_OBJECTS } from './change-stream-batch.ts';
import { RedisLease } from './change-stream-lease.ts';
import {
  changeStreamKeys,
  clearReplayId,
  readReplayId,
  writeReplayId,
  writeStreamHealth,
  type StreamHealth,
} from './change-stream-state.ts';
import type { DomainEvent } from './domain-events.ts';
import { pollingEveryMs, requestSync, schedulePolling } from './sync-jobs.ts';
import type { SyncedRecordStore } from './synced-records.ts';

/**
 * Change Data Capture as sync's fast path: one worker (the holder of a Redis lease) subscribes to
 * /data/ChangeEvents and stores each batch of changes through sync's page path, then saves the
 * batch's replay id, so a restart resumes after the last processed batch. Whatever the stream cannot
 * account for (gap and overflow events, an expired replay id, a lost stream, a start at the tip)
 * is caught up by the ordinary incremental sync from the watermark; the store's skip-what-it-has
 * keeps anything from counting twice. While the stream is live, polling drops to a safety net.
 */

export interface ChangeStreamDeps {
  config: {
    env: Pick<
      Env,
      'SF_CDC' | 'SF_PUBSUB_ENDPOINT' | 'SF_CDC_SAFETY_NET_SECONDS' | 'SF_SYNC_INTERVAL_SECONDS'
    >;
  };
  store: SyncedRecordStore;
  redis: RedisClient;
  keys: Keyspace;
  bus: DomainEventBus<DomainEvent>;
  logger: Logger;
  jobs: Pick<JobRuntime, 'queue' | 'add'>;
  salesforce: Pick<SalesforceGateway, 'connection' | 'pubSubSession' | 'pubSubEndpoint'>;
}

export interface ChangeStreamOptions {
  /** The consumer lease; a dead holder's lapses after this long and another worker takes over. */
  leaseMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

const DEFAULT_LEASE_MS = 20_000;

export class ChangeStreamConsumer {
  readonly #deps: ChangeStreamDeps;
  readonly #options: ChangeStreamOptions;
  readonly #lease: RedisLease;
  #subscriber: ChangeStreamSubscriber | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();
  /** Unknown until the stream first reports, so the first report always sets the schedule. */
  #live: boolean | undefined = undefined;
  #startedAtTip = false;
  #stopped = false;

  constructor(deps: ChangeStreamDeps, options: ChangeStreamOptions = {}) {
    this.#deps = deps;
    this.#options = options;
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#lease = new RedisLease(deps.redis, changeStreamKeys(deps.keys).lease, leaseMs);
  }

  /** Whether this process holds the lease and runs the stream. */
  get consuming(): boolean {
    return this.#subscriber !== undefined;
  }

  async start(): Promise<void> {
    const { env } = this.#deps.config;
    if (env.SF_CDC === 'off') return this.#health({ status: 'off', reason: 'SF_CDC=off' });
    if (this.#deps.salesforce.pubSubEndpoint(env.SF_PUBSUB_ENDPOINT) === null) {
      return this.#health({ status: 'unavailable', reason: 'this Salesforce serves no Pub/Sub API' });
    }
    const everyMs = Math.max(1000, Math.floor((this.#options.leaseMs ?? DEFAULT_LEASE_MS) / 4));
    this.#timer = setInterval(() => {
      this.#tick = this.#tick.then(() => this.#holdLease());
    }, everyMs);
    this.#tick = this.#holdLease();
    await this.#tick;
  }

  /** `release: false` leaves the lease to lapse, as a worker that died would (tests use it). */
  async stop({ release = true } = {}): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#tick;
    await this.#stopSubscriber(release);
  }

  /** Takes the lease when free, renews it when held, and gives the stream up when it is lost. */
  async #holdLease(): Promise<void> {
    if (this.#stopped) return;
    try {
      if (this.#subscriber) {
        if (await this.#lease.renew()) return await this.#keepSchedule();
        this.#deps.logger.warn('change stream lease lost to another worker; stopping the stream here');
        await this.#stopSubscriber(false);
      } else if (await this.#lease.acquire()) {
        this.#startSubscriber();
      }
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'change stream lease check failed');
    }
  }

  #startSubscriber(): void {
    const { env } = this.#deps.config;
    const endpoint = this.#deps.salesforce.pubSubEndpoint(env.SF_PUBSUB_ENDPOINT);
    if (endpoint === null) return;
    this.#subscriber = new ChangeStreamSubscriber({
      endpoint,
      topic: '/data/ChangeEvents',
      requiredTopics: STREAMED_OBJECTS.map((object) => `/data/${object}ChangeEvent`),
      knownEntities: new Set(STREAMED_OBJECTS),
      session: this.#deps.salesforce.pubSubSession(),
      logger: this.#deps.logger,
      ...(this.#options.backoff ? { backoff: this.#options.backoff } : {}),
    });
    this.#subscriber.start(this.#handlers());
  }

  async #stopSubscriber(release = true): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (!subscriber) return;
    await subscriber.stop();
    if (release) await this.#lease.release();
    await this.#setLive(false);
  }

  #handlers(): SubscriberHandlers {
    return {
      resumeFrom: async () => {
        const stored = await readReplayId(this.#deps);
        this.#startedAtTip = stored === null;
        return stored;
      },
      onBatch: (batch) => this.#onBatch(batch),
      onGap: async (reason) => {
        if (reason === 'replay-expired') await clearReplayId(this.#deps);
        await requestSync(this.#deps.jobs);
      },
      onState: (state) => void this.#onState(state),
    };
  }

  async #onBatch(batch: ChangeBatch): Promise<void> {
    let gaps = 0;
    if (batch.events.length > 0) {
      const conn = await this.#deps.salesforce.connection();
      gaps = (await applyChangeBatch({ ...this.#deps, conn }, batch.events)).gaps;
    }
    if (gaps > 0 || batch.undecodable > 0) {
      this.#deps.logger.info(
        { gaps, undecodable: batch.undecodable },
        'the change stream cannot say what changed; catching up by query',
      );
      await requestSync(this.#deps.jobs);
    }
    // Only after the batch is stored: a crash before this line re-delivers the batch on restart.
    await writeReplayId(this.#deps, batch.latestReplayId);
  }

  async #onState(state: StreamState): Promise<void> {
    try {
      const reason = 'reason' in state ? state.reason : undefined;
      await this.#health({ status: state.status, ...(reason ? { reason } : {}) });
      await this.#setLive(state.status === 'live');
      // A start at the tip (no stored replay id) sees nothing from before it: polling reads that.
      if (state.status === 'live' && this.#startedAtTip) await requestSync(this.#deps.jobs);
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'change stream state could not be recorded');
    }
  }

  #pollingSeconds(live: boolean): number {
    const { env } = this.#deps.config;
    return live ? env.SF_CDC_SAFETY_NET_SECONDS : env.SF_SYNC_INTERVAL_SECONDS;
  }

  /** A worker that starts resets the schedule to the usual pace; the stream's holder puts its own back. */
  async #keepSchedule(): Promise<void> {
    if (this.#live === undefined) return;
    const wantedMs = this.#pollingSeconds(this.#live) * 1000;
    if ((await pollingEveryMs(this.#deps.jobs)) !== wantedMs)
      await schedulePolling(this.#deps.jobs, wantedMs);
  }

  async #setLive(live: boolean): Promise<void> {
    if (live === this.#live) return;
    this.#live = live;
    const seconds = this.#pollingSeconds(live);
    await schedulePolling(this.#deps.jobs, seconds * 1000);
    this.#deps.logger.info(
      live
        ? `change stream live; polling drops to a safety net every ${seconds}s`
        : `change stream not live; polling every ${seconds}s`,
    );
  }

  async #health(health: Omit<StreamHealth, 'since'>): Promise<void> {
    await writeStreamHealth(this.#deps, { ...health, since: new Date().toISOString() });
  }
}
