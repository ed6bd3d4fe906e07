import type { Connection, OAuth2 } from 'jsforce';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce/lib/types/index.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';

/**
 * jsforce waits up to 30 minutes for an answer by default, so a Salesforce that accepts a
 * connection and never answers held a worker slot for that long. Every call bullpen makes (REST,
 * token endpoint, Bulk API) is bounded instead; a timeout is a transient failure that the job
 * retries, and writes are safe to retry because each carries an idempotency key.
 */

export const DEFAULT_SALESFORCE_TIMEOUT_MS = 30_000;

export class SalesforceTimeoutError extends Error {
  readonly errorCode = 'REQUEST_TIMEOUT';
  /** Read by classifySalesforceError like a socket timeout. */
  readonly code = 'ETIMEDOUT';
  constructor(method: string, url: string, timeoutMs: number) {
    super(`Salesforce did not answer ${method} ${new URL(url).pathname} within ${timeoutMs} ms`);
    this.name = 'SalesforceTimeoutError';
  }
}

const isAbort = (error: unknown): boolean =>
  (error as { name?: string } | null)?.name === 'AbortError' ||
  /Request Timeout/.test((error as Error | null)?.message ?? '');

type Transported = Pick<Connection, '_transport'> | Pick<OAuth2, '_transport'>;

/** Makes every request through this connection (or OAuth2 client) give up after `timeoutMs`. */
export function applyTimeout<T extends Transported>(client: T, timeoutMs: number): T {
  const inner = client._transport;
  const bounded = Object.create(inner) as typeof inner;
  bounded.httpRequest = (request: HttpRequest, options: HttpRequestOptions = {}) =>
    StreamPromise.create<HttpResponse>(() => {
      const pending = inner.httpRequest(request, { ...options, timeout: timeoutMs });
      const promise = pending.catch((error: unknown) => {
        throw isAbort(error) ? new SalesforceTimeoutError(request.method, request.url, timeoutMs) : error;
      });
      return { stream: pending.stream(), promise };
    });
  client._transport = bounded;
  return client;
}
