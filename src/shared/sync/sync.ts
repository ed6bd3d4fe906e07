import type { ObjectSyncResult, SyncDeps, SyncReport } from './sync-types.ts';
import {
  isBackfilled,
  markBackfilled,
  readWatermark,
  recordApiUsage,
  recordSyncSuccess,
} from './sync-state.ts';
import type { Connection } from 'jsforce';
import { bulkQuery } from '../../platform/salesforce/bulk-query.ts';
import { apiUsage } from '../../platform/salesforce/connection.ts';
import { fieldsOf, type SyncedObjectName } from '../../platform/salesforce/records.ts';
import { storeSyncPage, syncLeadStatuses } from './sync-pages.ts';
import {
  accessProblemOf,
  isDroppableField,
  isRequiredObject,
  ObjectAccessRegistry,
  RequiredObjectUnreadableError,
  shortMessage,
  type NoAccess,
} from './sync-access.ts';
import {
  DEFAULT_SYNC_OPTIONS,
  syncSoql,
  type QueryWindow,
  type SyncOptions,
  type Watermark,
} from './sync-queries.ts';

/**
 * Incremental sync, one object at a time: SOQL ordered by SystemModstamp, Id through queryAll (so
 * deletions arrive as IsDeleted rows), pages of up to 2,000, each page stored before its watermark is
 * saved. A crash between pages resumes from the last saved watermark; the overlap window re-reads a
 * little and the store skips what it already has, so nothing is missed and nothing counts twice.
 */

export { DEFAULT_SYNC_OPTIONS, type SyncOptions } from './sync-queries.ts';

export type { ObjectSyncResult, SyncDeps, SyncReport } from './sync-types.ts';

export class SalesforceSync {
  private readonly deps: SyncDeps;
  private readonly options: SyncOptions;

  constructor(deps: SyncDeps, options: Partial<SyncOptions> = {}) {
    this.deps = deps;
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
  }

  async watermark(object: SyncedObjectName): Promise<Watermark | null> {
    return readWatermark(this.deps, object);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private queryWindow(): QueryWindow {
    return {
      overlapMs: this.options.overlapMs,
      lookbackDays: this.options.lookbackDays,
      openStatuses: this.options.openStatuses,
      now: this.now(),
    };
  }

  private async storePage(
    object: SyncedObjectName,
    rows: unknown[],
    result: ObjectSyncResult,
    publishEvents: boolean,
  ): Promise<void> {
    await storeSyncPage(this.deps, { object, rows, result, publishEvents });
  }

  private emptyResult(object: SyncedObjectName, firstRun: boolean): ObjectSyncResult {
    return {
      object,
      mode: 'rest',
      firstRun,
      fetched: 0,
      stored: 0,
      unchanged: 0,
      rejected: 0,
      deleted: 0,
      events: 0,
      apiCalls: 0,
      access: 'ok',
    };
  }

  /**
   * The first page of an object's query. A field the org lacks (INVALID_FIELD) is dropped and the
   * query asked again, and remembered for later runs, unless sync cannot do without it.
   */
  private async firstPage(object: SyncedObjectName, watermark: Watermark | null, result: ObjectSyncResult) {
    const access = new ObjectAccessRegistry(this.deps.redis, this.deps.keys);
    const known = await access.missingFields(object, this.now());
    const dropped = [...known];
    for (;;) {
      const fields = fieldsOf(object).filter((field) => !dropped.includes(field));
      result.apiCalls += 1;
      try {
        const response = await this.deps.conn.query(syncSoql(object, watermark, fields, this.queryWindow()), {
          scanAll: true,
          autoFetch: false,
          headers: this.queryHeaders(),
        });
        if (dropped.length > 0) result.droppedFields = dropped;
        if (dropped.length > known.length) await access.setMissingFields(object, dropped, this.now());
        return { response, fields };
      } catch (error) {
        const problem = accessProblemOf(error);
        if (problem?.kind !== 'missing-field' || !fields.includes(problem.field)) throw error;
        if (!isDroppableField(object, problem.field)) throw error;
        this.deps.logger.warn(
          { object, field: problem.field },
          `Salesforce ${object} has no readable field ${problem.field}; syncing without it`,
        );
        dropped.push(problem.field);
      }
    }
  }

  private queryHeaders(): Record<string, string> {
    return { 'Sforce-Query-Options': `batchSize=${this.options.batchSize}` };
  }

  async syncObject(object: SyncedObjectName): Promise<ObjectSyncResult> {
    const watermark = await this.watermark(object);
    const backfilled = await isBackfilled(this.deps, object);
    const result = this.emptyResult(object, !backfilled);
    // A back-fill describes the past; only changes after it are news for nudges and contests.
    const publishEvents = backfilled;
    let page = 0;
    const first = await this.firstPage(object, watermark, result);
    let response = first.response;
    // The first page says how big the whole result is: a large first run switches to Bulk API 2.0
    // without spending a separate COUNT() call.
    const switchToBulk = !watermark && !response.done && response.totalSize > this.options.bulkThreshold;
    for (;;) {
      await this.storePage(object, response.records, result, publishEvents);
      page += 1;
      await this.deps.afterPage?.(object, page);
      if (switchToBulk || response.done || !response.nextRecordsUrl) break;
      // jsforce types queryMore's options as all-required; it reads only the headers here.
      const moreOptions = { headers: this.queryHeaders() } as unknown as Parameters<
        Connection['queryMore']
      >[1];
      response = await this.deps.conn.queryMore(response.nextRecordsUrl, moreOptions);
      result.apiCalls += 1;
    }
    if (switchToBulk) {
      result.mode = 'bulk';
      await this.bulkBackfill(object, first.fields, result, publishEvents);
    }
    if (!backfilled) await markBackfilled(this.deps, object);
    return result;
  }

  private async bulkBackfill(
    object: SyncedObjectName,
    fields: string[],
    result: ObjectSyncResult,
    publishEvents: boolean,
  ): Promise<void> {
    let page = 0;
    const pages = bulkQuery(this.deps.conn, syncSoql(object, null, fields, this.queryWindow()), {
      scanAll: true,
      pageSize: this.options.bulkPageSize,
      pollIntervalMs: 500,
      requestTimeoutMs: this.options.requestTimeoutMs,
      onApiCall: () => {
        result.apiCalls += 1;
      },
    });
    for await (const rows of pages) {
      for (let start = 0; start < rows.length; start += this.options.batchSize) {
        await this.storePage(
          object,
          rows.slice(start, start + this.options.batchSize),
          result,
          publishEvents,
        );
        page += 1;
        await this.deps.afterPage?.(object, page);
      }
    }
  }

  async syncLeadStatuses(): Promise<number> {
    return syncLeadStatuses(this.deps);
  }

  private skipped(object: SyncedObjectName, noAccess: NoAccess): ObjectSyncResult {
    return {
      ...this.emptyResult(object, false),
      access: 'no-access',
      warning: `no access: ${noAccess.message}`,
      nextRetryAt: noAccess.nextRetryAt,
    };
  }

  /**
   * One object, on its own: an optional object the integration user cannot read is skipped (and
   * asked again hourly) instead of failing the whole sync; a required one fails it, by name.
   */
  private async syncObjectGuarded(object: SyncedObjectName, access: ObjectAccessRegistry) {
    const required = isRequiredObject(object);
    if (!required) {
      const blocked = await access.blocked(object, this.now());
      if (blocked) return this.skipped(object, blocked);
    }
    try {
      const result = await this.syncObject(object);
      if (!required) await access.clear(object);
      return result;
    } catch (error) {
      const problem = accessProblemOf(error);
      if (!problem) throw error;
      if (required) throw new RequiredObjectUnreadableError(object, problem);
      const errorCode = problem.kind === 'no-access' ? problem.errorCode : 'INVALID_FIELD';
      const noAccess = await access.markNoAccess(object, { errorCode, message: problem.message }, this.now());
      this.deps.logger.warn(
        { object, errorCode, nextRetryAt: noAccess.nextRetryAt },
        `Salesforce ${object} is not readable by the integration user (${shortMessage(problem.message)}); skipped until ${noAccess.nextRetryAt}`,
      );
      return { ...this.skipped(object, noAccess), apiCalls: 1 };
    }
  }

  async syncOnce(): Promise<SyncReport> {
    const started = Date.now();
    const objects: ObjectSyncResult[] = [];
    const statusCalls = await this.syncLeadStatuses();
    const access = new ObjectAccessRegistry(this.deps.redis, this.deps.keys);
    for (const object of this.options.objects) {
      objects.push(await this.syncObjectGuarded(object, access));
    }
    const usage = apiUsage(this.deps.conn);
    if (usage) await recordApiUsage(this.deps, usage, new Date());
    await recordSyncSuccess(this.deps, new Date());
    return {
      objects,
      apiCalls: statusCalls + objects.reduce((sum, o) => sum + o.apiCalls, 0),
      ...(usage ? { apiUsage: usage } : {}),
      durationMs: Date.now() - started,
    };
  }
}
