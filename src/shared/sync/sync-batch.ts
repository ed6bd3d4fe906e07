import {
  compositeQueries,
  MAX_COMPOSITE_QUERIES,
  type CompositeQuery,
  type CompositeQueryResult,
} from '../../platform/salesforce/composite.ts';
import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { LEAD_STATUS_SOQL, storeLeadStatuses, type PageDeps } from './sync-pages.ts';
import type { Watermark } from './sync-queries.ts';

/**
 * Polling at the floor: once objects are back-filled, their incremental queries travel together in
 * Composite requests of up to five queries, and Salesforce counts each request as one API call, so
 * a cycle with nothing new costs ceil(objects / 5) calls. Only pages past the first cost more.
 *
 * The hourly Lead-status read rides in the last request when it has a free query slot (as it does
 * for the seven standard objects), so it costs nothing there; only when every request is full does
 * it take a call of its own, once an hour.
 */

/** One object whose first page is read inside a composite request. */
export interface BatchedQuery {
  object: SyncedObjectName;
  watermark: Watermark | null;
  /** The fields asked for: the object's, less those the org is known to lack. */
  fields: string[];
  /** Fields left out because the org lacks them (remembered from earlier runs). */
  dropped: string[];
  soql: string;
}

export interface CycleBatch {
  queries: BatchedQuery[];
  /** The Lead-status read rides in this request. */
  withStatuses: boolean;
}

export interface CyclePlan {
  batches: CycleBatch[];
  /** The Lead statuses are due and no request has room: they take a call of their own. */
  statusesAlone: boolean;
}

const STATUSES_REFERENCE = 'LeadStatuses';

/** Splits the queries into requests of at most five, and finds the statuses a free slot. */
export function planBatches(queries: readonly BatchedQuery[], statusesDue: boolean): CyclePlan {
  const batches: CycleBatch[] = [];
  for (let start = 0; start < queries.length; start += MAX_COMPOSITE_QUERIES) {
    batches.push({ queries: queries.slice(start, start + MAX_COMPOSITE_QUERIES), withStatuses: false });
  }
  const last = batches.at(-1);
  const room = last !== undefined && last.queries.length < MAX_COMPOSITE_QUERIES;
  if (statusesDue && last && room) last.withStatuses = true;
  return { batches, statusesAlone: statusesDue && !room };
}

/**
 * Sends one request and answers each object's first page (or its refusal). The Lead statuses, if
 * they ride along, are stored here; their refusal fails the cycle as the lone read would.
 */
export async function fetchBatch(
  deps: Pick<PageDeps, 'conn' | 'redis' | 'keys'>,
  batch: CycleBatch,
  headers: Record<string, string>,
): Promise<Map<SyncedObjectName, CompositeQueryResult>> {
  const queries: CompositeQuery[] = batch.queries.map(({ object, soql }) => ({
    referenceId: object,
    soql,
    scanAll: true,
    headers,
  }));
  if (batch.withStatuses) queries.push({ referenceId: STATUSES_REFERENCE, soql: LEAD_STATUS_SOQL });
  const answers = await compositeQueries(deps.conn, queries);
  const byObject = new Map<SyncedObjectName, CompositeQueryResult>();
  for (const answer of answers) {
    if (answer.referenceId !== STATUSES_REFERENCE) {
      byObject.set(answer.referenceId as SyncedObjectName, answer);
    } else if (!answer.ok) {
      throw answer.error;
    } else {
      await storeLeadStatuses(deps, answer.page.records);
    }
  }
  return byObject;
}
