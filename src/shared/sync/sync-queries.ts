import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import { buildSelect, type Condition } from '../../platform/salesforce/soql.ts';

/** The SOQL sync runs for one object: a first-run back-fill, or the changes since the watermark. */

export interface SyncOptions {
  batchSize: number;
  overlapMs: number;
  lookbackDays: number;
  /** First runs above this many rows use Bulk API 2.0 instead of paging. */
  bulkThreshold: number;
  /** Rows per Bulk API results page (one API call each). */
  bulkPageSize: number;
  /** Bound on each Salesforce call sync makes outside jsforce (Bulk API result pages). */
  requestTimeoutMs: number;
  openStatuses: string[];
  objects: SyncedObjectName[];
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  batchSize: 2000,
  overlapMs: 5 * 60_000,
  lookbackDays: 90,
  bulkThreshold: 10_000,
  bulkPageSize: 50_000,
  requestTimeoutMs: 30_000,
  openStatuses: ['Open - Not Contacted', 'Working - Contacted'],
  objects: ['User', 'Lead', 'Task', 'Event', 'Opportunity', 'Campaign', 'CampaignMember'],
};

export interface Watermark {
  modstamp: string;
  id: string;
}

export interface QueryWindow {
  overlapMs: number;
  lookbackDays: number;
  openStatuses: string[];
  now: Date;
}

/** The first run reads what bullpen needs (open leads, recent activity); later runs read changes. */
function where(
  object: SyncedObjectName,
  watermark: Watermark | null,
  window: QueryWindow,
): Condition | undefined {
  if (watermark) {
    return {
      field: 'SystemModstamp',
      op: '>=',
      value: new Date(Date.parse(watermark.modstamp) - window.overlapMs),
    };
  }
  const lookback = new Date(window.now.getTime() - window.lookbackDays * 86_400_000);
  const recent: Condition = { field: 'CreatedDate', op: '>=', value: lookback };
  const notDeleted: Condition = { field: 'IsDeleted', op: '=', value: false };
  switch (object) {
    case 'User':
      return undefined;
    case 'Lead': {
      const open: Condition = {
        and: [
          { field: 'IsConverted', op: '=', value: false },
          { field: 'Status', op: 'IN', values: window.openStatuses },
        ],
      };
      return { and: [notDeleted, { or: [open, recent] }] };
    }
    case 'Opportunity':
      return { and: [notDeleted, { or: [recent, { field: 'IsClosed', op: '=', value: false }] }] };
    case 'Campaign':
      // Few rows, and old campaigns still name recent members in reports.
      return notDeleted;
    default:
      return { and: [notDeleted, recent] };
  }
}

export function syncSoql(
  object: SyncedObjectName,
  watermark: Watermark | null,
  fields: string[],
  window: QueryWindow,
): string {
  const condition = where(object, watermark, window);
  return buildSelect({
    object,
    fields,
    ...(condition ? { where: condition } : {}),
    orderBy: [
      { field: 'SystemModstamp', direction: 'ASC' },
      { field: 'Id', direction: 'ASC' },
    ],
  });
}
