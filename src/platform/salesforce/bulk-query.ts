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

/** Polls the job until Salesforce says its results are ready, bounded by `pollTimeoutMs`. */
async function awaitJobComplete(
  conn: Connection,
  jobUrl: string,
  jobId: string,
  options: { pollIntervalMs: number; pollTimeoutMs: number; onApiCall: (() => void) | undefined },
): Promise<void> {
  const deadline = Date.now() + options.pollTimeoutMs;
  for (;;) {
    options.onApiCall?.();
    const job = jobSchema.parse(await conn.request(jobUrl));
    if (job.state === 'JobComplete') return;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new BulkQueryError(
        'BULK_JOB_FAILED',
        `Bulk query job ${jobId} ${job.state}: ${job.errorMessage ?? ''}`,
      );
    }
    if (Date.now() > deadline)
      throw new BulkQueryError('BULK_JOB_TIMEOUT', `Bulk query job ${jobId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
  }
}

/** One page of results as CSV rows, and the locator of the next page (null after the last). */
async function fetchResultsPage(
  conn: Connection,
  resultsUrl: string,
  page: { locator: string | null; pageSize: number; requestTimeoutMs: number },
): Promise<{ rows: Record<string, string>[]; locator: string | null }> {
  const url = new URL(resultsUrl, conn.instanceUrl);
  url.searchParams.set('maxRecords', String(page.pageSize));
  if (page.locator) url.searchParams.set('locator', page.locator);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${conn.accessToken ?? ''}`, accept: 'text/csv' },
    signal: AbortSignal.timeout(page.requestTimeoutMs),
  }).catch((error: unknown) => {
    if ((error as Error).name === 'TimeoutError')
      throw new SalesforceTimeoutError('GET', url.toString(), page.requestTimeoutMs);
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
  // Loaded on first use: only sync reads CSV, and the web role never syncs.
  const { parse } = await import('csv-parse/sync');
  const rows = parse(await response.text(), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const next = response.headers.get('sforce-locator');
  return { rows, locator: next && next !== 'null' ? next : null };
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
  await awaitJobComplete(conn, `${base}/${created.id}`, created.id, {
    pollIntervalMs,
    pollTimeoutMs,
    onApiCall,
  });
  let locator: string | null = null;
  do {
    onApiCall?.();
    const page = await fetchResultsPage(conn, `${base}/${created.id}/results`, {
      locator,
      pageSize,
      requestTimeoutMs,
    });
    if (page.rows.length > 0) yield page.rows;
    locator = page.locator;
  } while (locator);
}
