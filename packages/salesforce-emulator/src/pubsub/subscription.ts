import { randomUUID } from 'node:crypto';
import type grpc from '@grpc/grpc-js';
import type { ChangeEventBus } from './change-bus.ts';
import type { PubSubError } from './errors.ts';
import { authError, invalidArgument, replayIdCorrupted } from './errors.ts';

/**
 * One Subscribe stream: pull-based, so events go out only while the client has asked for more
 * (num_requested adds up), each FetchResponse carrying the latest replay id it delivered. An empty
 * FetchResponse is the keepalive Salesforce sends when there is nothing to deliver.
 */

export interface FetchRequestMessage {
  topic_name: string;
  replay_preset: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replay_id: Buffer;
  num_requested: number;
}

export interface SubscriptionContext {
  bus: ChangeEventBus;
  /** Whether the stream's session is still valid (an expired session ends the stream). */
  authorized: () => boolean;
  /** Resolves a topic to its entities, or the error refusing it. */
  resolveTopic: (topic: string) => ReadonlySet<string> | PubSubError;
  keepaliveMs: number;
  /** Told once the first FetchRequest has set the topic and starting point. */
  onStarted: () => void;
}

type DuplexCall = grpc.ServerDuplexStream<FetchRequestMessage, unknown>;

/** Salesforce caps one FetchRequest at 100 events. */
const MAX_REQUESTED = 100;

export const encodeReplayId = (replayId: bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(replayId);
  return buffer;
};

const decodeReplayId = (bytes: Buffer): bigint | null =>
  bytes.length === 8 ? bytes.readBigUInt64BE() : null;

export class Subscription {
  readonly #call: DuplexCall;
  readonly #context: SubscriptionContext;
  #topic: string | null = null;
  #entities: ReadonlySet<string> = new Set();
  #position = 0n;
  #pending = 0;
  #closed = false;
  readonly #timer: NodeJS.Timeout;

  constructor(call: DuplexCall, context: SubscriptionContext) {
    this.#call = call;
    this.#context = context;
    this.#timer = setInterval(() => this.#keepalive(), context.keepaliveMs);
    this.#timer.unref();
  }

  /** Started (topic and starting point set) and not ended. */
  get live(): boolean {
    return !this.#closed && this.#topic !== null;
  }

  fail(error: PubSubError): void {
    if (this.#closed) return;
    this.close();
    this.#call.emit('error', error);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  /** Handles one FetchRequest: the first sets the topic and the starting point. */
  request(message: FetchRequestMessage): void {
    if (this.#closed) return;
    if (!this.#context.authorized()) return this.fail(authError());
    if (this.#topic === null) {
      const error = this.#start(message);
      if (error !== null) return this.fail(error);
    } else if (message.topic_name !== '' && message.topic_name !== this.#topic) {
      return this.fail(
        invalidArgument('subscription.topic.mismatch', 'The topic in a FetchRequest must not change.'),
      );
    }
    if (message.num_requested < 0) {
      return this.fail(
        invalidArgument(
          'subscription.fetch.requested.events.invalid',
          'The requested number of events must not be negative.',
        ),
      );
    }
    this.#pending += Math.min(message.num_requested, MAX_REQUESTED);
    this.deliver();
  }

  #start(message: FetchRequestMessage): PubSubError | null {
    const entities = this.#context.resolveTopic(message.topic_name);
    if (!(entities instanceof Set)) return entities as PubSubError;
    const { bus } = this.#context;
    if (message.replay_preset === 'CUSTOM') {
      const replayId = decodeReplayId(message.replay_id);
      if (replayId === null || !bus.canResumeAfter(replayId)) return replayIdCorrupted();
      this.#position = replayId;
    } else {
      this.#position = message.replay_preset === 'EARLIEST' ? bus.earliestPosition() : bus.latestReplayId();
    }
    this.#topic = message.topic_name;
    this.#entities = entities;
    this.#context.onStarted();
    return null;
  }

  /** Sends what the client asked for and the bus holds; called on each request and each append. */
  deliver(): void {
    if (this.#closed || this.#topic === null || this.#pending <= 0) return;
    const events = this.#context.bus.after(this.#position, this.#entities, this.#pending);
    const last = events.at(-1);
    if (last === undefined) return;
    if (!this.#context.authorized()) return this.fail(authError());
    this.#pending -= events.length;
    this.#position = last.replayId;
    this.#call.write({
      events: events.map((event) => ({
        event: { id: event.eventId, schema_id: event.schemaId, payload: event.payload, headers: [] },
        replay_id: encodeReplayId(event.replayId),
      })),
      latest_replay_id: encodeReplayId(last.replayId),
      rpc_id: randomUUID(),
      pending_num_requested: this.#pending,
    });
  }

  #keepalive(): void {
    if (this.#closed || this.#topic === null) return;
    if (!this.#context.authorized()) return this.fail(authError());
    this.#call.write({
      events: [],
      latest_replay_id: encodeReplayId(this.#position),
      rpc_id: randomUUID(),
      pending_num_requested: this.#pending,
    });
  }
}
