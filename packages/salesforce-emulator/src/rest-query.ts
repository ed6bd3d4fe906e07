import { SalesforceError, malformedQuery } from './errors.ts';
import { makeId, keyPrefixes } from './ids.ts';
import type { ObjectSpec, SfRecord } from './schema.ts';
import type { QueryResult } from './soql.ts';
import { projectRecord, runQuery } from './soql.ts';
import type { SalesforceStore } from './store.ts';

/**
 * REST query, queryAll and queryMore. The matching records are snapshotted when the query runs
 * (record objects are never mutated in place), and each page is projected as it is served.
 */

const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;
const MAX_CURSORS = 500;
const CURSOR_TTL_MS = 15 * 60_000;

interface Cursor {
  object: ObjectSpec;
  fields: string[];
  records: SfRecord[];
  batchSize: number;
  openedAtMs: number;
}

/** `Sforce-Query-Options: batchSize=N`, clamped like Salesforce does (200-2,000). */
export const batchSizeFrom = (header: string | undefined): number | null => {
  const match = header === undefined ? null : /batchSize\s*=\s*(\d+)/i.exec(header);
  if (match === null) return null;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
};

export class QueryCursors {
  readonly #cursors = new Map<string, Cursor>();
  #sequence = 0;

  open(cursor: Cursor): string {
    this.#sequence += 1;
    const id = makeId(keyPrefixes.QueryLocator, this.#sequence);
    this.#cursors.set(id, cursor);
    for (const [key, value] of this.#cursors) {
      if (this.#cursors.size <= MAX_CURSORS && value.openedAtMs > cursor.openedAtMs - CURSOR_TTL_MS) break;
      this.#cursors.delete(key);
    }
    return id;
  }

  get(id: string, nowMs: number): Cursor | undefined {
    const cursor = this.#cursors.get(id);
    if (cursor !== undefined && cursor.openedAtMs <= nowMs - CURSOR_TTL_MS) {
      this.#cursors.delete(id);
      return undefined;
    }
    return cursor;
  }
}

export interface QueryContext {
  store: SalesforceStore;
  cursors: QueryCursors;
  apiVersion: string;
  nowMs: number;
}

const page = (
  context: QueryContext,
  locatorId: string,
  cursor: Cursor,
  offset: number,
  batchSize: number,
): Record<string, unknown> => {
  const end = Math.min(cursor.records.length, offset + batchSize);
  const records = cursor.records
    .slice(offset, end)
    .map((record) => projectRecord(cursor.object, cursor.fields, record, context.apiVersion));
  const done = end >= cursor.records.length;
  return {
    totalSize: cursor.records.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${context.apiVersion}/query/${locatorId}-${end}` }),
    records,
  };
};

export const firstPage = (
  context: QueryContext,
  soql: string | null,
  includeDeleted: boolean,
  batchSize: number | null,
): Record<string, unknown> => {
  if (soql === null || soql.trim() === '') throw malformedQuery('A query string has to be specified');
  const result: QueryResult = runQuery(context.store, soql, { includeDeleted, nowMs: context.nowMs });
  if (result.count !== null) return { totalSize: result.count, done: true, records: [] };
  if (result.aggregate !== null) {
    return {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'AggregateResult' }, ...result.aggregate }],
    };
  }
  const cursor: Cursor = {
    object: result.object,
    fields: result.fields,
    records: result.records,
    batchSize: batchSize ?? DEFAULT_BATCH_SIZE,
    openedAtMs: context.nowMs,
  };
  if (cursor.records.length <= cursor.batchSize) return page(context, '', cursor, 0, cursor.batchSize);
  return page(context, context.cursors.open(cursor), cursor, 0, cursor.batchSize);
};

export const nextPage = (
  context: QueryContext,
  locator: string,
  batchSize: number | null,
): Record<string, unknown> => {
  const match = /^([a-zA-Z0-9]{18})-(\d+)$/.exec(locator);
  const cursor = match === null ? undefined : context.cursors.get(match[1] ?? '', context.nowMs);
  if (match === null || cursor === undefined) {
    throw new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return page(context, match[1] ?? '', cursor, Number(match[2]), batchSize ?? cursor.batchSize);
};
