import { emptySyncResult, type ObjectSyncResult, type SyncDeps, type SyncReport } from './sync-types.ts';
import {
  isBackfilled,
  leadStatusesFresh,
  markBackfilled,
  readWatermark,
  recordApiUsage,
  recordSyncSuccess,
} from './sync-state.ts';
import { apiUsage } from '../../platform/salesforce/connection.ts';
import { fieldsOf, type SyncedObjectName } from '../../platform/salesforce/records.ts';
import type { CompositeQueryResult } from '../../platform/salesforce/composite.ts';
import { syncLeadStatuses } from './sync-pages.ts';
import { queryHeaders, readPages, type FirstPage } from './sync-read.ts';
import { fetchBatch, planBatches, type BatchedQuery } from './sync-batch.ts';
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
 * Incremental sync: SOQL ordered by SystemModstamp, Id through queryAll (so deletions arrive as
 * IsDeleted rows), pages of up to 2,000, each page stored before its watermark is saved. A first run
 * (back-fill) reads one object at a time; later cycles ask for every object's first page together,
 * in Composite requests of up to five queries (sync-batch.ts), so a cycle with nothing new costs
 * ceil(objects / 5) API calls. A crash between pages resumes from the last saved watermark; the overlap window re-reads a
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

  private async readPages(
    object: SyncedObjectName,
    first: FirstPage,
    result: ObjectSyncResult,
    publishEvents: boolean,
  ): Promise<void> {
    const context = { deps: this.deps, options: this.options, window: this.queryWindow() };
    await readPages(context, { object, first, result, publishEvents });
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
    return queryHeaders(this.options);
  }

  async syncObject(object: SyncedObjectName): Promise<ObjectSyncResult> {
    const watermark = await this.watermark(object);
    const backfilled = await isBackfilled(this.deps, object);
    const result = emptySyncResult(object, !backfilled);
    const first = await this.firstPage(object, watermark, result);
    // A back-fill describes the past; only changes after it are news for nudges and contests.
    await this.readPages(
      object,
      { watermark, fields: first.fields, page: first.response },
      result,
      backfilled,
    );
    if (!backfilled) await markBackfilled(this.deps, object);
    return result;
  }

  async syncLeadStatuses(): Promise<number> {
    return syncLeadStatuses(this.deps);
  }

  private skipped(object: SyncedObjectName, noAccess: NoAccess): ObjectSyncResult {
    return {
      ...emptySyncResult(object, false),
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
    try {
      const result = await this.syncObject(object);
      if (!isRequiredObject(object)) await access.clear(object);
      return result;
    } catch (error) {
      return { ...(await this.unreadable(object, error, access)), apiCalls: 1 };
    }
  }

  /** A query refused: skip an optional object the user cannot read; anything else fails the sync. */
  private async unreadable(
    object: SyncedObjectName,
    error: unknown,
    access: ObjectAccessRegistry,
  ): Promise<ObjectSyncResult> {
    const problem = accessProblemOf(error);
    if (!problem) throw error;
    if (isRequiredObject(object)) throw new RequiredObjectUnreadableError(object, problem);
    const errorCode = problem.kind === 'no-access' ? problem.errorCode : 'INVALID_FIELD';
    const noAccess = await access.markNoAccess(object, { errorCode, message: problem.message }, this.now());
    this.deps.logger.warn(
      { object, errorCode, nextRetryAt: noAccess.nextRetryAt },
      `Salesforce ${object} is not readable by the integration user (${shortMessage(problem.message)}); skipped until ${noAccess.nextRetryAt}`,
    );
    return this.skipped(object, noAccess);
  }

  /** The composite request's query for a back-filled object: its changes since the watermark. */
  private async batchedQuery(object: SyncedObjectName, access: ObjectAccessRegistry): Promise<BatchedQuery> {
    const watermark = await this.watermark(object);
    const dropped = await access.missingFields(object, this.now());
    const fields = fieldsOf(object).filter((field) => !dropped.includes(field));
    const soql = syncSoql(object, watermark, fields, this.queryWindow());
    return { object, watermark, fields, dropped, soql };
  }

  /**
   * An object whose first page came in a composite request: stored as a lone query's would be. A
   * field the org lacks is remembered and the object asked again alone, without it.
   */
  private async syncBatched(
    query: BatchedQuery,
    answer: CompositeQueryResult | undefined,
    access: ObjectAccessRegistry,
  ): Promise<ObjectSyncResult> {
    const { object, watermark, fields, dropped } = query;
    if (!answer) throw new Error(`Salesforce's composite response left out ${object}`);
    if (!answer.ok) {
      const problem = accessProblemOf(answer.error);
      if (problem?.kind !== 'missing-field' || !fields.includes(problem.field)) {
        return this.unreadable(object, answer.error, access);
      }
      if (!isDroppableField(object, problem.field)) return this.unreadable(object, answer.error, access);
      this.deps.logger.warn(
        { object, field: problem.field },
        `Salesforce ${object} has no readable field ${problem.field}; syncing without it`,
      );
      await access.setMissingFields(object, [...dropped, problem.field], this.now());
      return this.syncObjectGuarded(object, access);
    }
    const result = { ...emptySyncResult(object, false), batched: true as const };
    if (dropped.length > 0) result.droppedFields = dropped;
    await this.readPages(object, { watermark, fields, page: answer.page }, result, true);
    if (!isRequiredObject(object)) await access.clear(object);
    return result;
  }

  async syncOnce(): Promise<SyncReport> {
    const started = Date.now();
    const access = new ObjectAccessRegistry(this.deps.redis, this.deps.keys);
    const skipped = new Map<SyncedObjectName, ObjectSyncResult>();
    const batched: BatchedQuery[] = [];
    for (const object of this.options.objects) {
      const blocked = isRequiredObject(object) ? null : await access.blocked(object, this.now());
      if (blocked) skipped.set(object, this.skipped(object, blocked));
      // First runs stay one object at a time: a back-fill may page far or switch to Bulk API 2.0.
      else if (await isBackfilled(this.deps, object)) batched.push(await this.batchedQuery(object, access));
    }
    const plan = planBatches(batched, !(await leadStatusesFresh(this.deps)));
    let apiCalls = plan.statusesAlone ? await this.syncLeadStatuses() : 0;
    const answers = new Map<SyncedObjectName, CompositeQueryResult>();
    const objects: ObjectSyncResult[] = [];
    for (const object of this.options.objects) {
      const query = batched.find((q) => q.object === object);
      const batch = plan.batches.find((b) => b.queries.some((q) => q.object === object));
      if (batch && !answers.has(object)) {
        for (const [name, answer] of await fetchBatch(this.deps, batch, this.queryHeaders())) {
          answers.set(name, answer);
        }
        apiCalls += 1;
      }
      const result =
        skipped.get(object) ??
        (query ? await this.syncBatched(query, answers.get(object), access) : undefined) ??
        (await this.syncObjectGuarded(object, access));
      apiCalls += result.apiCalls;
      objects.push(result);
    }
    const usage = apiUsage(this.deps.conn);
    if (usage) await recordApiUsage(this.deps, usage, new Date());
    await recordSyncSuccess(this.deps, new Date());
    return {
      objects,
      apiCalls,
      ...(usage ? { apiUsage: usage } : {}),
      durationMs: Date.now() - started,
    };
  }
}
