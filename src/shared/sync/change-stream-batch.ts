import type { ChangeEvent } from '../../platform/salesforce/pubsub/change-events.ts';
import { fieldsOf, syncedObjects, type SyncedObjectName } from '../../platform/salesforce/records.ts';
import { buildSelect } from '../../platform/salesforce/soql.ts';
import { ObjectAccessRegistry } from './sync-access.ts';
import { storeSyncPage, type PageDeps } from './sync-pages.ts';
import { isBackfilled } from './sync-state.ts';
import { emptySyncResult, type ObjectSyncResult } from './sync-types.ts';

/**
 * What the change stream does with one batch of change events: a change event carries only the
 * fields that changed, so the changed records are read again by Id (one query per object per batch,
 * queryAll so deletions come back as IsDeleted rows) and stored through sync's own page path, which
 * produces the same domain events and skips what the store already has. The watermark stays
 * polling's: these rows are not read in SystemModstamp order.
 */

/** The entities bullpen subscribes to (the default CDC allocation is five). */
export const STREAMED_OBJECTS = ['Lead', 'Task', 'Event', 'Opportunity', 'User'] as const;

const isSynced = (entity: string): entity is SyncedObjectName => entity in syncedObjects;

/** Salesforce caps a SOQL statement at 100,000 characters; 200 Ids stay far below it. */
const IDS_PER_QUERY = 200;

export interface BatchOutcome {
  /** Gap or overflow events: the records must be caught up by an incremental query. */
  gaps: number;
  stored: number;
  apiCalls: number;
}

async function rereadAndStore(
  deps: PageDeps,
  object: SyncedObjectName,
  ids: string[],
  now: Date,
): Promise<ObjectSyncResult> {
  const missing = await new ObjectAccessRegistry(deps.redis, deps.keys).missingFields(object, now);
  const result: ObjectSyncResult = {
    ...emptySyncResult(object, false),
    ...(missing.length > 0 ? { droppedFields: missing } : {}),
  };
  const fields = fieldsOf(object).filter((field) => !missing.includes(field));
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const soql = buildSelect({
      object,
      fields,
      where: { field: 'Id', op: 'IN', values: ids.slice(start, start + IDS_PER_QUERY) },
      orderBy: [
        { field: 'SystemModstamp', direction: 'ASC' },
        { field: 'Id', direction: 'ASC' },
      ],
    });
    const response = await deps.conn.query(soql, { scanAll: true, autoFetch: true });
    result.apiCalls += 1;
    await storeSyncPage(deps, {
      object,
      rows: response.records,
      result,
      publishEvents: true,
      advanceWatermark: false,
    });
  }
  return result;
}

export async function applyChangeBatch(
  deps: PageDeps,
  events: readonly ChangeEvent[],
  now = new Date(),
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { gaps: 0, stored: 0, apiCalls: 0 };
  const changed = new Map<SyncedObjectName, Set<string>>();
  for (const event of events) {
    if (event.isGap) outcome.gaps += 1;
    else if (isSynced(event.entity)) {
      const ids = changed.get(event.entity) ?? new Set<string>();
      for (const id of event.recordIds) ids.add(id);
      changed.set(event.entity, ids);
    }
  }
  for (const [object, ids] of changed) {
    // Before its back-fill an object's past is polling's to read; its events would not be news.
    if (!(await isBackfilled(deps, object))) continue;
    const result = await rereadAndStore(deps, object, [...ids], now);
    outcome.stored += result.stored;
    outcome.apiCalls += result.apiCalls;
  }
  return outcome;
}
