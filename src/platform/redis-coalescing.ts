import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type { ErrorEmitter } from 'ioredis/built/connectors/AbstractConnector.js';
import type * as Standalone from 'ioredis/built/connectors/StandaloneConnector.js';
import type { StandaloneConnectionOptions } from 'ioredis/built/connectors/StandaloneConnector.js';
import type { NetStream } from 'ioredis/built/types.js';

// Required, not imported: its CommonJS `exports.default` then reads the same under Node and vitest.
const { default: StandaloneConnector } = createRequire(import.meta.url)(
  'ioredis/built/connectors/StandaloneConnector.js',
) as (typeof Standalone)['default'];

/**
 * Socket writes coalesced per event-loop turn. ioredis writes every command to its socket as it is
 * sent, so the reads a job starts together (a Promise.all of a few stores' reads) cost a write system
 * call each; on the bench machine those calls were the biggest single item of a worker's CPU, and a
 * fifth of the web process's. Here the socket is corked at a turn's first write and uncorked in the
 * turn's check phase (setImmediate), once every I/O callback the turn polled has run, so the
 * commands of several callbacks (a worker's concurrent jobs finishing and fetching; Slack requests a
 * web process reads in one poll, acked one by one) leave in one `writev`. Uncorking on
 * process.nextTick, after each callback, wrote once per callback: in the acks bench the worker made
 * 88,708 write calls that way against 59,453 (the web process as many either way: its requests came
 * one per turn). Each command is still its own command to ioredis (queued, retried and failed
 * alone), unlike its auto-pipelining, whose in-flight batch holds every later command back while
 * Redis is away (the Redis restart test caught a readiness ping waiting behind one).
 */
export function coalesceWritesPerTurn(stream: Writable): void {
  let corked = false;
  const uncork = (): void => {
    corked = false;
    stream.uncork();
  };
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      stream.cork();
      setImmediate(uncork);
    }
    return write(...args);
  }) as Writable['write'];
}

/**
 * ioredis's own connector (TCP or TLS, as the options say), with coalesced writes on each socket it
 * opens. Given to ioredis as its `Connector` option.
 */
export class CoalescingConnector extends StandaloneConnector {
  // ioredis hands every connector its whole options object; this one reads what its parent does.
  constructor(options: unknown) {
    super(options as StandaloneConnectionOptions);
  }

  override async connect(onError: ErrorEmitter): Promise<NetStream> {
    const stream = await super.connect(onError);
    coalesceWritesPerTurn(stream);
    return stream;
  }
}
