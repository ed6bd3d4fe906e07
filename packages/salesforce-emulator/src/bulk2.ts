import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { SalesforceError, notFound } from './errors.ts';
import type { ApiResponse } from './http-util.ts';
import { json } from './http-util.ts';
import { keyPrefixes } from './ids.ts';
import type { FieldValue, SfRecord } from './schema.ts';
import { runQuery } from './soql.ts';
import type { SalesforceStore } from './store.ts';
import { formatDateTime } from './time.ts';

/**
 * Bulk API 2.0 query jobs: the query runs (and is snapshotted) when the job is created; polls
 * report InProgress a configurable number of times, then JobComplete; results stream as CSV pages
 * chained by the `Sforce-Locator` header, ending with the literal locator "null".
 */

const DELIMITERS = { COMMA: ',', TAB: '\t', SEMICOLON: ';', PIPE: '|', CARET: '^', BACKQUOTE: '`' } as const;
const ROWS_PER_CHUNK = 1000;
const MAX_RETAINED_JOBS = 50;

const createJobSchema = z.object({
  operation: z.enum(['query', 'queryAll']),
  query: z.string().min(1),
  contentType: z.literal('CSV').optional(),
  columnDelimiter: z.enum(['COMMA', 'TAB', 'SEMICOLON', 'PIPE', 'CARET', 'BACKQUOTE']).optional(),
  lineEnding: z.enum(['LF', 'CRLF']).optional(),
});
const patchJobSchema = z.object({ state: z.literal('Aborted') });

interface QueryJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  fields: string[];
  records: SfRecord[];
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted';
  pollsBeforeComplete: number;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  columnDelimiter: keyof typeof DELIMITERS;
  lineEnding: 'LF' | 'CRLF';
}

export interface BulkContext {
  store: SalesforceStore;
  jobs: Map<string, QueryJob>;
  apiVersion: string;
  userId: string;
  nowMs: number;
  /** How many polls answer InProgress before JobComplete (0 = complete on the first poll). */
  pollsBeforeComplete: number;
  /** Rows per result page when the caller sends no maxRecords. */
  defaultPageSize: number;
}

export const createBulkJobs = (): Map<string, QueryJob> => new Map();

const jobInfo = (job: QueryJob, apiVersion: string) => ({
  id: job.id,
  operation: job.operation,
  object: job.object,
  createdById: job.createdById,
  createdDate: job.createdDate,
  systemModstamp: job.systemModstamp,
  state: job.state,
  concurrencyMode: 'Parallel',
  contentType: 'CSV',
  apiVersion: Number(apiVersion),
  jobType: 'V2Query',
  lineEnding: job.lineEnding,
  columnDelimiter: job.columnDelimiter,
  ...(job.state === 'JobComplete'
    ? { numberRecordsProcessed: job.records.length, retries: 0, totalProcessingTime: 0 }
    : {}),
});

const csvCell = (value: FieldValue | undefined): string => {
  if (value === null || value === undefined) return '';
  return `"${String(value).replace(/"/g, '""')}"`;
};

const streamCsv = async (
  response: ServerResponse,
  job: QueryJob,
  start: number,
  end: number,
): Promise<void> => {
  const delimiter = DELIMITERS[job.columnDelimiter];
  const newline = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const write = async (text: string): Promise<void> => {
    if (!response.write(text)) await new Promise<void>((resolve) => response.once('drain', resolve));
  };
  await write(job.fields.map((field) => `"${field}"`).join(delimiter) + newline);
  for (let chunkStart = start; chunkStart < end; chunkStart += ROWS_PER_CHUNK) {
    const lines: string[] = [];
    for (let index = chunkStart; index < Math.min(end, chunkStart + ROWS_PER_CHUNK); index += 1) {
      const record = job.records[index];
      if (record === undefined) continue;
      lines.push(job.fields.map((field) => csvCell(record[field])).join(delimiter));
    }
    await write(lines.join(newline) + newline);
  }
};

const encodeLocator = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
const decodeLocator = (locator: string): number => {
  const offset = Number(Buffer.from(locator, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new SalesforceError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
  }
  return offset;
};

const invalidJob = (message: string): SalesforceError => new SalesforceError(400, 'INVALIDJOB', message);

export const handleBulkQuery = (
  context: BulkContext,
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  body: () => unknown,
): ApiResponse => {
  const [jobId, resource, ...rest] = segments;
  if (jobId === undefined) {
    if (method === 'GET') {
      return json(200, {
        done: true,
        records: [...context.jobs.values()].map((job) => jobInfo(job, context.apiVersion)),
        nextRecordsUrl: null,
      });
    }
    if (method !== 'POST') throw invalidJob(`Method ${method} not allowed`);
    const parsed = createJobSchema.safeParse(body());
    if (!parsed.success) throw invalidJob(`Invalid job request: ${parsed.error.issues[0]?.message ?? ''}`);
    const { operation, columnDelimiter, lineEnding } = parsed.data;
    const result = runQuery(context.store, parsed.data.query, {
      includeDeleted: operation === 'queryAll',
      nowMs: context.nowMs,
    });
    if (result.count !== null || result.aggregate !== null) {
      throw invalidJob('Aggregate queries are not supported by Bulk API 2.0');
    }
    const stamp = formatDateTime(context.nowMs);
    const job: QueryJob = {
      id: context.store.ids.next(keyPrefixes.BulkJob),
      operation,
      object: result.object.name,
      fields: result.fields,
      records: result.records,
      state: 'UploadComplete',
      pollsBeforeComplete: context.pollsBeforeComplete,
      createdById: context.userId,
      createdDate: stamp,
      systemModstamp: stamp,
      columnDelimiter: columnDelimiter ?? 'COMMA',
      lineEnding: lineEnding ?? 'LF',
    };
    context.jobs.set(job.id, job);
    // Each job pins a snapshot of its rows; keep only the most recent ones in a long-running demo.
    for (const oldId of context.jobs.keys()) {
      if (context.jobs.size <= MAX_RETAINED_JOBS) break;
      context.jobs.delete(oldId);
    }
    return json(200, jobInfo(job, context.apiVersion));
  }
  const job = context.jobs.get(jobId);
  if (job === undefined || rest.length > 0) throw notFound();
  if (resource === undefined) {
    switch (method) {
      case 'GET':
        if (job.state !== 'Aborted' && job.state !== 'JobComplete') {
          job.state = job.pollsBeforeComplete > 0 ? 'InProgress' : 'JobComplete';
          job.pollsBeforeComplete -= 1;
        }
        return json(200, jobInfo(job, context.apiVersion));
      case 'PATCH': {
        if (!patchJobSchema.safeParse(body()).success)
          throw invalidJob('Only {"state":"Aborted"} is accepted');
        if (job.state !== 'JobComplete') job.state = 'Aborted';
        return json(200, jobInfo(job, context.apiVersion));
      }
      case 'DELETE':
        context.jobs.delete(job.id);
        return { status: 204 };
      default:
        throw invalidJob(`Method ${method} not allowed`);
    }
  }
  if (resource !== 'results' || method !== 'GET') throw notFound();
  if (job.state !== 'JobComplete') {
    throw new SalesforceError(400, 'API_ERROR', `Job ${job.id} is not complete; its state is ${job.state}`);
  }
  const locator = query.get('locator');
  const start = locator === null || locator === '' ? 0 : decodeLocator(locator);
  const maxRecords = Number(query.get('maxRecords') ?? context.defaultPageSize);
  const pageSize = Number.isInteger(maxRecords) && maxRecords > 0 ? maxRecords : context.defaultPageSize;
  const end = Math.min(job.records.length, start + pageSize);
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv',
      'sforce-locator': end < job.records.length ? encodeLocator(end) : 'null',
      'sforce-numberofrecords': String(Math.max(0, end - start)),
    },
    write: (response) => streamCsv(response, job, start, end),
  };
};
