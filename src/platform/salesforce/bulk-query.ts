import { parse } from 'csv-parse/sync';
import type { Connection } from 'jsforce';
import { z } from 'zod';
import { DEFAULT_SALESFORCE_TIMEOUT_MS, SalesforceTimeoutError } from './timeouts.ts';

/**
 * Bulk API 2.0 query, paging results ourselves: jsforce 3.10's `bulk2.query` pipes every result
 * page into one stream and breaks on the second page ("write after end"), and large real-org
 * results always come in pages. Each page is one API call; `maxRecords` keeps pages, and memory,
 * bounded while keeping the call count near the floor.
 */

const jobSchema = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().nullish() }).loose();

export class BulkQueryError extends Error {
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(message);
    this.name = 'BulkQueryError';
    this.errorCode = errorCode;
  }
}

export interface BulkQueryOptions {
  scanAll?: boolean;
  /** Rows per results page. */
  pageSize?: number;
  pollIntervalMs?: number;
  /** Overall bound on waiting for the job to finish, however many polls that takes. */
  pollTimeoutMs?: number;
  /** Bound on each results page download (jsforce bounds the other calls itself). */
  requestTimeoutMs?: number;
  /** Counts every HTTP call made, for API-usage reporting. */
  onApiCall?: () => void;
}

function recordLimitInfo(conn: Connection, header: string | null): void {
  const match = header?.match(/api-usage=(\d+)\/(\d+)/);
  if (match) conn.limitInfo = { apiUsage: { used: Number(match[1]), limit: Number(match[2]) } };
}

export async function* bulkQuery(
  conn: Connection,
  soql: string,
  {
    scanAll = false,
    pageSize = 50_000,
    pollIntervalMs = 1_000,
    pollTimeoutMs = 30 * 60_000,
    requestTimeoutMs = DEFAULT_SALESFORCE_TIMEOUT_MS,
    onApiCall,
  }: BulkQueryOptions = {},
): AsyncGenerator<Record<string, string>[]> {
  const base = `/services/data/v${conn.version}/jobs/query`;
  onApiCall?.();
  const created = jobSchema.parse(
    await conn.request({
      method: 'POST',
      url: base,
      body: JSON.stringify({ operation: scanAll ? 'queryAll' : 'query', query: soql }),
      headers: { 'content-type': 'application/json' },
    }),
  );
  const deadline = Date.now() + pollTimeoutMs;
  for (;;) {
    onApiCall?.();
    const job = jobSchema.parse(await conn.request(`${base}/${created.id}`));
    if (job.state === 'JobComplete') break;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new BulkQueryError(
        'BULK_JOB_FAILED',
        `Bulk query job ${created.id} ${job.state}: ${job.errorMessage ?? ''}`,
      );
    }
    if (Date.now() > deadline)
      throw new BulkQueryError('BULK_JOB_TIMEOUT', `Bulk query job ${created.id} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  let locator: string | null = null;
  do {
    const url = new URL(`${base}/${created.id}/results`, conn.instanceUrl);
    url.searchParams.set('maxRecords', String(pageSize));
    if (locator) url.searchParams.set('locator', locator);
    onApiCall?.();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${conn.accessToken ?? ''}`, accept: 'text/csv' },
      signal: AbortSignal.timeout(requestTimeoutMs),
    }).catch((error: unknown) => {
      if ((error as Error).name === 'TimeoutError')
        throw new SalesforceTimeoutError('GET', url.toString(), requestTimeoutMs);
      throw error;
    });
    recordLimitInfo(conn, response.headers.get('sforce-limit-info'));
    if (!response.ok) {
      const body = await response.text();
      const errorCode = /"errorCode"\s*:\s*"([A-Z_]+)"/.exec(body)?.[1] ?? `ERROR_HTTP_${response.status}`;
      throw Object.assign(new BulkQueryError(errorCode, `Bulk results page failed: ${body.slice(0, 300)}`), {
        statusCode: response.status,
      });
    }
    const rows = parse(await response.text(), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    if (rows.length > 0) yield rows;
    const next = response.headers.get('sforce-locator');
    locator = next && next !== 'null' ? next : null;
  } while (locator);
}
