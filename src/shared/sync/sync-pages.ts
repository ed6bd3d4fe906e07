import type { z } from 'zod';
import type { RecordChange, RecordTypes } from './synced-records.ts';
import { LeadAssignments } from './lead-assignments.ts';
import { backfillIfNeverRun, backfillOwnerHistory, recordSyncedOwnerChanges } from './owner-history.ts';
import { deriveDomainEvents, isLeadId, type DomainEvent } from './domain-events.ts';
import {
  leadStatusRecordSchema,
  syncedObjects,
  type SyncedObjectName,
} from '../../platform/salesforce/records.ts';
import { buildSelect } from '../../platform/salesforce/soql.ts';
import type { ObjectSyncResult, SyncDeps } from './sync-types.ts';
import { leadStatusesFresh, setAsideRejectedRows, writeLeadStatuses, writeWatermark } from './sync-state.ts';

/** What sync does with each page it reads, and the hourly read of the org's Lead statuses. */

export type PageDeps = Omit<SyncDeps, 'now' | 'afterPage'>;

interface Page<O extends SyncedObjectName> {
  object: O;
  rows: unknown[];
  result: ObjectSyncResult;
  publishEvents: boolean;
  /** False for pages read outside the SystemModstamp order (the change stream's re-reads by Id). */
  advanceWatermark?: boolean;
}

/** Parses, stores and publishes one page, then advances the watermark. */
export async function storeSyncPage<O extends SyncedObjectName>(
  deps: PageDeps,
  { object, rows, result, publishEvents, advanceWatermark = true }: Page<O>,
): Promise<void> {
  const schema = syncedObjects[object] as unknown as z.ZodType<RecordTypes[O]>;
  const records: RecordTypes[O][] = [];
  const rejected: string[] = [];
  for (const row of rows) {
    const { attributes: _attributes, ...fields } = row as Record<string, unknown>;
    for (const field of result.droppedFields ?? []) fields[field] ??= null;
    const parsed = schema.safeParse(fields);
    if (parsed.success) records.push(parsed.data);
    else rejected.push(JSON.stringify({ object, row: fields, error: parsed.error.issues.slice(0, 3) }));
  }
  // Activity that is not on a lead is not bullpen's business; keep the store lean.
  const relevant =
    object === 'Task' || object === 'Event'
      ? records.filter((r) => isLeadId((r as RecordTypes['Task']).WhoId))
      : records;
  const changes = await deps.store.applyPage(object, relevant);
  if (object === 'Lead') {
    await followLeadOwners(deps, {
      changes: changes as RecordChange<'Lead'>[],
      leads: relevant as RecordTypes['Lead'][],
      firstRun: !publishEvents,
      result,
    });
  }
  const events: DomainEvent[] = publishEvents ? changes.flatMap((change) => deriveDomainEvents(change)) : [];
  await deps.bus.publish(events);
  if (rejected.length > 0) {
    // Nothing is dropped silently: malformed rows are kept for `bullpen doctor` and the admin.
    await setAsideRejectedRows(deps, rejected);
    deps.logger.warn(
      { object, count: rejected.length },
      'Salesforce rows failed validation and were set aside',
    );
  }
  const last = records.at(-1);
  if (last && advanceWatermark) {
    await writeWatermark(deps, object, { modstamp: last.SystemModstamp, id: last.Id });
  }
  result.fetched += rows.length;
  result.stored += changes.length;
  result.unchanged += relevant.length - changes.length;
  result.rejected += rejected.length;
  result.deleted += changes.filter((c) => 'IsDeleted' in c.after && c.after.IsDeleted).length;
  result.events += events.length;
}

/**
 * The SLA clock starts when the current owner got the lead: owner changes sync sees are recorded,
 * and a first run (a back-fill: no events) looks the page's leads up in LeadHistory (an install
 * synced before owner history existed does it once for all its stored leads).
 */
async function followLeadOwners(
  deps: PageDeps,
  page: {
    changes: RecordChange<'Lead'>[];
    leads: RecordTypes['Lead'][];
    firstRun: boolean;
    result: ObjectSyncResult;
  },
): Promise<void> {
  await recordSyncedOwnerChanges(new LeadAssignments(deps.redis, deps.keys), page.changes);
  if (page.firstRun) page.result.apiCalls += await backfillOwnerHistory(deps, page.leads);
  else if (page.leads.length > 0) {
    page.result.apiCalls += await backfillIfNeverRun(deps, () => deps.store.scan('Lead'));
  }
}

/** The org's Lead statuses: which exist, which is the default, which mean converted. */
export const LEAD_STATUS_SOQL = buildSelect({
  object: 'LeadStatus',
  fields: ['Id', 'MasterLabel', 'ApiName', 'IsConverted', 'IsDefault', 'SortOrder'],
  orderBy: [{ field: 'SortOrder', direction: 'ASC' }],
});

/** Keeps the Lead statuses a query answered (alone, or inside a composite request) for an hour. */
export async function storeLeadStatuses(
  deps: Pick<PageDeps, 'redis' | 'keys'>,
  rows: readonly unknown[],
): Promise<void> {
  const statuses = rows.flatMap((row) => {
    const { attributes: _attributes, ...fields } = row as Record<string, unknown>;
    const parsed = leadStatusRecordSchema.safeParse(fields);
    return parsed.success ? [parsed.data] : [];
  });
  await writeLeadStatuses(deps, statuses);
}

/**
 * The org's Lead statuses, read at most hourly: configured status names are checked against them
 * instead of being trusted.
 */
export async function syncLeadStatuses(deps: Pick<PageDeps, 'conn' | 'redis' | 'keys'>): Promise<number> {
  if (await leadStatusesFresh(deps)) return 0;
  const response = await deps.conn.query(LEAD_STATUS_SOQL);
  await storeLeadStatuses(deps, response.records);
  return 1;
}
