import type { Logger } from '../../http/logger.ts';
import { ChangeEventDecoder, type ChangeEvent } from './change-events.ts';
import {
  fetchResponseSchema,
  grpc,
  type FetchResponse,
  PubSubClient,
  pubSubErrorCode,
  type FetchRequest,
  type PubSubCredentials,
  type PubSubEndpoint,
} from './grpc-client.ts';

/**
 * One long-lived Subscribe stream to a Change Data Capture channel, kept alive: flow control by
 * num_requested (more is asked for only after a batch is processed), a new session and a resubscribe
 * from the stored replay id after an auth error, a reconnect with backoff after a dropped stream,
 * and events for entities bullpen does not know logged and skipped without losing the stream.
 */

export interface PubSubSession {
  credentials(): Promise<PubSubCredentials>;
  /** Logs in again (the session expired or was revoked) and returns the new credentials. */
  relogin(): Promise<PubSubCredentials>;
}

export type StreamState =
  | { status: 'connecting' }
  | { status: 'live' }
  | { status: 'reconnecting'; reason: string; attempt: number }
  | { status: 'unavailable'; reason: string }
  | { status: 'stopped' };

export interface ChangeBatch {
  events: ChangeEvent[];
  /** Base64 replay id to resume after once this batch is processed. */
  latestReplayId: string;
  /** Events that did not decode with their schema: what they changed must be read by query. */
  undecodable: number;
}

export interface SubscriberHandlers {
  /** The stored replay id (base64) to resume after, or null to start at the tip (LATEST). */
  resumeFrom(): Promise<string | null>;
  /** Processes one batch; more events are asked for only once it resolves. */
  onBatch(batch: ChangeBatch): Promise<void>;
  /** The stream cannot account for every change (expired replay id, lost stream): catch up by query. */
  onGap(reason: 'replay-expired' | 'stream-lost'): Promise<void>;
  onState(state: StreamState): void;
}

export interface SubscriberOptions {
  endpoint: PubSubEndpoint;
  topic: string;
  knownEntities: ReadonlySet<string>;
  session: PubSubSession;
  logger: Logger;
  /** Events asked for at a time (Salesforce caps a request at 100). */
  batchSize?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** How long to wait before asking again after CDC was refused (not enabled, not permitted). */
  unavailableRetryMs?: number;
  /** Topics that must exist before subscribing, e.g. each entity's channel behind /data/ChangeEvents. */
  requiredTopics?: readonly string[];
}

type Outcome =
  | { kind: 'auth' }
  | { kind: 'replay-expired' }
  | { kind: 'not-permitted'; reason: string }
  | { kind: 'lost'; reason: string }
  | { kind: 'stopped' };

const REPLAY_INVALID = /\.replayid\.(corrupted|validation\.failed)$/;

const outcomeOf = (error: grpc.ServiceError): Outcome => {
  const code = pubSubErrorCode(error);
  if (error.code === grpc.status.UNAUTHENTICATED || code.includes('.auth.')) return { kind: 'auth' };
  if (REPLAY_INVALID.test(code)) return { kind: 'replay-expired' };
  if (error.code === grpc.status.NOT_FOUND || error.code === grpc.status.PERMISSION_DENIED) {
    return { kind: 'not-permitted', reason: error.details };
  }
  return { kind: 'lost', reason: `${grpc.status[error.code] ?? error.code}: ${error.details}` };
};

export class ChangeStreamSubscriber {
  readonly #options: SubscriberOptions;
  readonly #client: PubSubClient;
  readonly #decoder: ChangeEventDecoder;
  #stopped = false;
  #stream: ReturnType<PubSubClient['subscribe']> | undefined;
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(options: SubscriberOptions) {
    this.#options = options;
    this.#client = new PubSubClient(options.endpoint);
    this.#decoder = new ChangeEventDecoder(this.#client);
  }

  start(handlers: SubscriberHandlers): void {
    this.#running ??= this.#run(handlers);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stream?.cancel();
    this.#wake?.();
    this.#client.close();
    await this.#running;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #backoffMs(attempt: number): number {
    const { initialMs, maxMs } = this.#options.backoff ?? { initialMs: 1000, maxMs: 60_000 };
    return Math.min(maxMs, initialMs * 2 ** attempt);
  }

  async #run(handlers: SubscriberHandlers): Promise<void> {
    const { session, logger } = this.#options;
    let attempt = 0;
    let credentials: PubSubCredentials | undefined;
    while (!this.#stopped) {
      try {
        credentials ??= await session.credentials();
        handlers.onState({ status: 'connecting' });
        const outcome =
          (await this.#probe(credentials)) ??
          (await this.#subscribeOnce(credentials, await handlers.resumeFrom(), handlers, () => {
            attempt = 0;
          }));
        if (this.#stopped || outcome.kind === 'stopped') break;
        if (outcome.kind === 'auth') {
          // A refusal right after a new login waits its turn, so a revoked user is not hammered.
          if (attempt > 0) await this.#sleep(this.#backoffMs(attempt - 1));
          if (this.#stopped) break;
          logger.info(
            'Pub/Sub API session refused; logging in again and resubscribing from the stored replay id',
          );
          credentials = await session.relogin();
          attempt += 1;
          continue;
        }
        if (outcome.kind === 'replay-expired') {
          logger.warn('stored replay id is past the retention window; catching up by query');
          await handlers.onGap('replay-expired');
          continue;
        }
        if (outcome.kind === 'not-permitted') {
          handlers.onState({ status: 'unavailable', reason: outcome.reason });
          await this.#sleep(this.#options.unavailableRetryMs ?? 3_600_000);
          continue;
        }
        handlers.onState({ status: 'reconnecting', reason: outcome.reason, attempt });
        await handlers.onGap('stream-lost');
      } catch (error) {
        logger.warn({ err: error }, 'Pub/Sub API subscription failed; retrying');
        credentials = undefined;
        handlers.onState({ status: 'reconnecting', reason: (error as Error).message, attempt });
      }
      await this.#sleep(this.#backoffMs(attempt));
      attempt += 1;
    }
    handlers.onState({ status: 'stopped' });
  }

  /** Asks for each required topic: one not enabled or not permitted means the stream cannot cover it. */
  async #probe(credentials: PubSubCredentials): Promise<Outcome | null> {
    const refused: string[] = [];
    for (const topic of this.#options.requiredTopics ?? []) {
      try {
        await this.#client.getTopic(topic, credentials);
      } catch (error) {
        const outcome = outcomeOf(error as grpc.ServiceError);
        if (outcome.kind !== 'not-permitted') return outcome;
        refused.push(`${topic} (${outcome.reason.replace(/ rpcId: .*$/, '')})`);
      }
    }
    return refused.length === 0 ? null : { kind: 'not-permitted', reason: refused.join('; ') };
  }

  /** One Subscribe call, until it ends; resolves with why it ended. */
  #subscribeOnce(
    credentials: PubSubCredentials,
    replayId: string | null,
    handlers: SubscriberHandlers,
    onProgress: () => void,
  ): Promise<Outcome> {
    const batchSize = this.#options.batchSize ?? 100;
    return new Promise((resolve) => {
      const stream = this.#client.subscribe(credentials);
      this.#stream = stream;
      let chain = Promise.resolve();
      let done = false;
      const finish = (outcome: Outcome) => {
        if (done) return;
        done = true;
        resolve(this.#stopped ? { kind: 'stopped' } : outcome);
      };
      stream.on('data', (raw: unknown) => {
        chain = chain
          .then(() => this.#handleResponse(raw, stream, credentials, handlers, batchSize))
          .then(onProgress, (error: unknown) => {
            stream.cancel();
            finish({ kind: 'lost', reason: `processing failed: ${(error as Error).message}` });
          });
      });
      stream.on('error', (error: grpc.ServiceError) => void chain.then(() => finish(outcomeOf(error))));
      stream.on('end', () => void chain.then(() => finish({ kind: 'lost', reason: 'stream ended' })));
      const first: FetchRequest = {
        topic_name: this.#options.topic,
        num_requested: batchSize,
        ...(replayId === null
          ? { replay_preset: 'LATEST' }
          : { replay_preset: 'CUSTOM', replay_id: Buffer.from(replayId, 'base64') }),
      };
      stream.write(first);
      handlers.onState({ status: 'live' });
    });
  }

  async #decode(item: FetchResponse['events'][number], credentials: PubSubCredentials) {
    const event = await this.#decoder.decode(item.event, item.replay_id, credentials);
    if (event === null) {
      this.#options.logger.warn(
        { schemaId: item.event.schema_id },
        'change event does not decode with its schema; catching up by query',
      );
    }
    return event;
  }

  async #handleResponse(
    raw: unknown,
    stream: ReturnType<PubSubClient['subscribe']>,
    credentials: PubSubCredentials,
    handlers: SubscriberHandlers,
    batchSize: number,
  ): Promise<void> {
    const response = fetchResponseSchema.parse(raw);
    const events: ChangeEvent[] = [];
    let undecodable = 0;
    for (const item of response.events) {
      const event = await this.#decode(item, credentials);
      if (event === null) undecodable += 1;
      else if (this.#options.knownEntities.has(event.entity)) events.push(event);
      else {
        this.#options.logger.warn(
          { entity: event.entity, changeType: event.changeType },
          'change event for an entity bullpen does not sync; skipped',
        );
      }
    }
    const last = response.events.at(-1)?.replay_id ?? response.latest_replay_id;
    const latest = response.latest_replay_id.length > 0 ? response.latest_replay_id : last;
    if (latest.length > 0) {
      await handlers.onBatch({ events, latestReplayId: latest.toString('base64'), undecodable });
    }
    if (response.events.length === 0) return;
    const more = batchSize - response.pending_num_requested;
    if (more > 0 && !this.#stopped) stream.write({ num_requested: more });
  }
}
