import type { Logger } from './http/logger.ts';

/**
 * Start-up that a signal can interrupt. Each part that opens something registers how to close it,
 * so a SIGTERM that arrives while start-up waits (for a Salesforce login, for Redis, for Slack)
 * closes exactly what is open, in reverse order, instead of killing the process mid-way.
 */

export class StartupAborted extends Error {
  constructor() {
    super('start-up was interrupted by a stop request');
    this.name = 'StartupAborted';
  }
}

type Closer = { name: string; close: () => Promise<unknown> };

export class Lifecycle {
  private readonly closers: Closer[] = [];
  private readonly signal: AbortSignal | undefined;

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  /** Registers what closes a part that is now open; parts close in reverse order. */
  onClose(name: string, close: () => Promise<unknown>): void {
    this.closers.push({ name, close });
  }

  /** Waits for a start-up step unless a stop request comes first. */
  async step<T>(work: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (!signal) return work;
    if (signal.aborted) throw new StartupAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(new StartupAborted());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    // A step abandoned on abort may still fail later; that failure has nobody left to tell.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Closes every open part, newest first; one part failing to close does not keep the others open. */
  async closeAll(
    onError: (name: string, error: unknown) => void,
    onClosed?: (name: string) => void,
  ): Promise<void> {
    for (const { name, close } of this.closers.splice(0).reverse()) {
      try {
        await close();
        onClosed?.(name);
      } catch (error) {
        onError(name, error);
      }
    }
  }
}

/** Stops taking requests, then closes every part newest first; a second call gets the same promise. */
export function closeOnce(
  logger: Logger,
  lifecycle: Lifecycle,
  stopAccepting: () => void,
  forced: () => boolean,
): () => Promise<{ forced: boolean }> {
  let closing: Promise<{ forced: boolean }> | undefined;
  return () => {
    closing ??= (async () => {
      logger.info('shutting down: no new requests or jobs');
      stopAccepting();
      await lifecycle.closeAll(
        (name, err) => logger.warn({ err, part: name }, 'closing failed'),
        (name) => logger.debug({ part: name }, 'closed'),
      );
      logger.info({ forced: forced() }, 'shutdown complete');
      return { forced: forced() };
    })();
    return closing;
  };
}
