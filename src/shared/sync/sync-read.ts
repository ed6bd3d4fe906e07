import type { Connection } from 'jsforce';
import { bulkQuery } from '../../platform/salesforce/bulk-query.ts';
import type { QueryPage } from '../../platform/salesforce/composite.ts';
import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { storeSyncPage } from './sync-pages.ts';
import { syncSoql, type QueryWindow, type SyncOptions, type Watermark } from './sync-queries.ts';
import type { ObjectSyncResult, SyncDeps } from './sync-types.ts';

/**
 * One object's pages after the first: read on with queryMore (one API call a page) whether the
 * first page came from a lone query or a composite request, or switch a large first run to Bulk
 * API 2.0. Each page is stored, and its watermark saved, before the next is asked for.
 */

export interface FirstPage {
  watermark: Watermark | null;
  /** The fields the query asked for (a Bulk switch asks for the same). */
  fields: string[];
  page: QueryPage;
}

interface ReadContext {
  deps: SyncDeps;
  options: SyncOptions;
  window: QueryWindow;
}

interface ObjectRead {
  object: SyncedObjectName;
  first: FirstPage;
  result: ObjectSyncResult;
  /** False for a back-fill: it describes the past, not news for nudges and contests. */
  publishEvents: boolean;
}

export const queryHeaders = (options: Pick<SyncOptions, 'batchSize'>): Record<string, string> => ({
  'Sforce-Query-Options': `batchSize=${options.batchSize}`,
});

export async function readPages(context: ReadContext, read: ObjectRead): Promise<void> {
  const { deps, options } = context;
  const { object, first, result, publishEvents } = read;
  let page = 0;
  let response = first.page;
  // The first page says how big the whole result is: a large first run switches to Bulk API 2.0
  // without spending a separate COUNT() call.
  const switchToBulk = !first.watermark && !response.done && response.totalSize > options.bulkThreshold;
  for (;;) {
    await storeSyncPage(deps, { object, rows: response.records, result, publishEvents });
    page += 1;
    await deps.afterPage?.(object, page);
    if (switchToBulk || response.done || !response.nextRecordsUrl) break;
    // jsforce types queryMore's options as all-required; it reads only the headers here.
    const moreOptions = { headers: queryHeaders(options) } as unknown as Parameters<
      Connection['queryMore']
    >[1];
    response = await deps.conn.queryMore(response.nextRecordsUrl, moreOptions);
    result.apiCalls += 1;
  }
  if (switchToBulk) {
    result.mode = 'bulk';
    await bulkBackfill(context, read);
  }
}

async function bulkBackfill({ deps, options, window }: ReadContext, read: ObjectRead): Promise<void> {
  const { object, first, result, publishEvents } = read;
  let page = 0;
  const pages = bulkQuery(deps.conn, syncSoql(object, null, first.fields, window), {
    scanAll: true,
    pageSize: options.bulkPageSize,
    pollIntervalMs: 500,
    requestTimeoutMs: options.requestTimeoutMs,
    onApiCall: () => {
      result.apiCalls += 1;
    },
  });
  for await (const rows of pages) {
    for (let start = 0; start < rows.length; start += options.batchSize) {
      const slice = rows.slice(start, start + options.batchSize);
      await storeSyncPage(deps, { object, rows: slice, result, publishEvents });
      page += 1;
      await deps.afterPage?.(object, page);
    }
  }
}
