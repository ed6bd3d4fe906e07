import type { Connection } from 'jsforce';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { DomainEventBus } from '../jobs/event-bus.ts';
import type { Logger } from '../ops/logger.ts';
import type { Keyspace } from '../store/redis.ts';
import type { RecordTypes, SyncedRecordStore } from '../store/synced-records.ts';
import { bulkQuery } from './bulk-query.ts';
import { apiUsage } from './connection.ts';
import { deriveDomainEvents, isLeadId, type DomainEvent } from './domain-events.ts';
import { fieldsOf, leadStatusRecordSchema, syncedObjects, type SyncedObjectName } from './records.ts';
import { buildSelect, type Condition } from './soql.ts';

/**
 * Incremental sync, one object at a time: SOQL ordered by SystemModstamp, Id through queryAll (so
 * deletions arrive as IsDeleted rows), pages of up to 2,000, each page stored before its watermark is
 * saved. A crash between pages resumes from the last saved watermark; the overlap window re-reads a
 * little and the store skips what it already has, so nothing is missed and nothing counts twice.
 */

export interface SyncOptions {
  batchSize: number;
  overlapMs: number;
  lookbackDays: number;
  /** First runs above this many rows use Bulk API 2.0 instead of paging. */
  bulkThreshold: number;
  /** Rows per Bulk API results page (one API call each). */
  bulkPageSize: number;
  openStatuses: string[];
  objects: SyncedObjectName[];
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  batchSize: 2000,
  overlapMs: 5 * 60_000,
  lookbackDays: 90,
  bulkThreshold: 10_000,
  bulkPageSize: 50_000,
  openStatuses: ['Open - Not Contacted', 'Working - Contacted'],
  objects: ['User', 'Lead', 'Task', 'Event', 'Opportunity', 'Campaign', 'CampaignMember'],
};

export interface ObjectSyncResult {
  object: SyncedObjectName;
  mode: 'rest' | 'bulk';
  firstRun: boolean;
  fetched: number;
  stored: number;
  unchanged: number;
  rejected: number;
  deleted: number;
  events: number;
  apiCalls: number;
}

export interface SyncReport {
  objects: ObjectSyncResult[];
  apiCalls: number;
  apiUsage?: { used: number; limit: number };
  durationMs: number;
}

export interface SyncDeps {
  conn: Connection;
  store: SyncedRecordStore;
  redis: Redis;
  keys: Keyspace;
  bus: DomainEventBus;
  logger: Logger;
  now?: () => Date;
  /** Called after every stored page; tests use it to crash between pages. */
  afterPage?: (object: SyncedObjectName, page: number) => Promise<void> | void;
}

interface Watermark {
  modstamp: string;
  id: string;
}

const REJECTED_KEEP = 1000;

export class SalesforceSync {
  private readonly deps: SyncDeps;
  private readonly options: SyncOptions;

  constructor(deps: SyncDeps, options: Partial<SyncOptions> = {}) {
    this.deps = deps;
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
  }

  private get watermarkKey(): string {
    return this.deps.keys('sf', 'sync', 'watermarks');
  }

  async watermark(object: SyncedObjectName): Promise<Watermark | null> {
    const json = await this.deps.redis.hget(this.watermarkKey, object);
    return json ? (JSON.parse(json) as Watermark) : null;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The first run reads what bullpen needs (open leads, recent activity); later runs read changes. */
  private where(object: SyncedObjectName, watermark: Watermark | null): Condition | undefined {
    if (watermark) {
      return {
        field: 'SystemModstamp',
        op: '>=',
        value: new Date(Date.parse(watermark.modstamp) - this.options.overlapMs),
      };
    }
    const lookback = new Date(this.now().getTime() - this.options.lookbackDays * 86_400_000);
    const recent: Condition = { field: 'CreatedDate', op: '>=', value: lookback };
    const notDeleted: Condition = { field: 'IsDeleted', op: '=', value: false };
    switch (object) {
      case 'User':
        return undefined;
      case 'Lead':
        return {
          and: [
            notDeleted,
            {
              or: [
                {
                  and: [
                    { field: 'IsConverted', op: '=', value: false },
                    { field: 'Status', op: 'IN', values: this.options.openStatuses },
                  ],
                },
                recent,
              ],
            },
          ],
        };
      case 'Opportunity':
        return { and: [notDeleted, { or: [recent, { field: 'IsClosed', op: '=', value: false }] }] };
      case 'Campaign':
        // Few rows, and old campaigns still name recent members in reports.
        return notDeleted;
      default:
        return { and: [notDeleted, recent] };
    }
  }

  private soql(object: SyncedObjectName, watermark: Watermark | null, fields: string[] | 'COUNT()'): string {
    const where = this.where(object, watermark);
    return buildSelect({
      object,
      fields,
      ...(where ? { where } : {}),
      ...(fields === 'COUNT()'
        ? {}
        : {
            orderBy: [
              { field: 'SystemModstamp', direction: 'ASC' },
              { field: 'Id', direction: 'ASC' },
            ],
          }),
    });
  }

  /** Parses, stores and publishes one page, then advances the watermark. */
  private async storePage<O extends SyncedObjectName>(
    object: O,
    rows: unknown[],
    result: ObjectSyncResult,
    publishEvents: boolean,
  ): Promise<void> {
    const schema = syncedObjects[object] as unknown as z.ZodType<RecordTypes[O]>;
    const records: RecordTypes[O][] = [];
    const rejected: string[] = [];
    for (const row of rows) {
      const { attributes: _attributes, ...fields } = row as Record<string, unknown>;
      const parsed = schema.safeParse(fields);
      if (parsed.success) records.push(parsed.data);
      else rejected.push(JSON.stringify({ object, row: fields, error: parsed.error.issues.slice(0, 3) }));
    }
    // Activity that is not on a lead is not bullpen's business; keep the store lean.
    const relevant =
      object === 'Task' || object === 'Event'
        ? records.filter((r) => isLeadId((r as RecordTypes['Task']).WhoId))
        : records;
    const changes = await this.deps.store.applyPage(object, relevant);
    const events: DomainEvent[] = publishEvents
      ? changes.flatMap((change) => deriveDomainEvents(change))
      : [];
    await this.deps.bus.publish(events);
    if (rejected.length > 0) {
      // Nothing is dropped silently: malformed rows are kept for `bullpen doctor` and the admin.
      const key = this.deps.keys('sf', 'sync', 'rejected');
      await this.deps.redis
        .multi()
        .lpush(key, ...rejected)
        .ltrim(key, 0, REJECTED_KEEP - 1)
        .exec();
      this.deps.logger.warn(
        { object, count: rejected.length },
        'Salesforce rows failed validation and were set aside',
      );
    }
    const last = records.at(-1);
    if (last) {
      await this.deps.redis.hset(
        this.watermarkKey,
        object,
        JSON.stringify({ modstamp: last.SystemModstamp, id: last.Id }),
      );
    }
    result.fetched += rows.length;
    result.stored += changes.length;
    result.unchanged += relevant.length - changes.length;
    result.rejected += rejected.length;
    result.deleted += changes.filter((c) => 'IsDeleted' in c.after && c.after.IsDeleted).length;
    result.events += events.length;
  }

  async syncObject(object: SyncedObjectName): Promise<ObjectSyncResult> {
    const watermark = await this.watermark(object);
    const backfillDoneKey = this.deps.keys('sf', 'sync', 'backfilled');
    const backfilled = (await this.deps.redis.sismember(backfillDoneKey, object)) === 1;
    const result: ObjectSyncResult = {
      object,
      mode: 'rest',
      firstRun: !backfilled,
      fetched: 0,
      stored: 0,
      unchanged: 0,
      rejected: 0,
      deleted: 0,
      events: 0,
      apiCalls: 0,
    };
    // A back-fill describes the past; only changes after it are news for nudges and contests.
    const publishEvents = backfilled;
    const fields = fieldsOf(object);
    let page = 0;

    const headers = { 'Sforce-Query-Options': `batchSize=${this.options.batchSize}` };
    let response = await this.deps.conn.query(this.soql(object, watermark, fields), {
      scanAll: true,
      autoFetch: false,
      headers,
    });
    result.apiCalls += 1;
    // The first page says how big the whole result is: a large first run switches to Bulk API 2.0
    // without spending a separate COUNT() call.
    const switchToBulk = !watermark && !response.done && response.totalSize > this.options.bulkThreshold;
    for (;;) {
      await this.storePage(object, response.records, result, publishEvents);
      page += 1;
      await this.deps.afterPage?.(object, page);
      if (switchToBulk || response.done || !response.nextRecordsUrl) break;
      // jsforce types queryMore's options as all-required; it reads only the headers here.
      const moreOptions = { headers } as unknown as Parameters<Connection['queryMore']>[1];
      response = await this.deps.conn.queryMore(response.nextRecordsUrl, moreOptions);
      result.apiCalls += 1;
    }
    if (switchToBulk) {
      result.mode = 'bulk';
      await this.bulkBackfill(object, result, publishEvents);
    }
    if (!backfilled) await this.deps.redis.sadd(backfillDoneKey, object);
    return result;
  }

  private async bulkBackfill(
    object: SyncedObjectName,
    result: ObjectSyncResult,
    publishEvents: boolean,
  ): Promise<void> {
    let page = 0;
    const pages = bulkQuery(this.deps.conn, this.soql(object, null, fieldsOf(object)), {
      scanAll: true,
      pageSize: this.options.bulkPageSize,
      pollIntervalMs: 500,
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

  /**
   * The org's Lead statuses (which exist, which is the default, which mean converted), read at most
   * hourly: configured status names are checked against them instead of being trusted.
   */
  async syncLeadStatuses(): Promise<number> {
    const key = this.deps.keys('sf', 'lead-statuses');
    if ((await this.deps.redis.ttl(key)) > 0) return 0;
    const response = await this.deps.conn.query(
      buildSelect({
        object: 'LeadStatus',
        fields: ['Id', 'MasterLabel', 'ApiName', 'IsConverted', 'IsDefault', 'SortOrder'],
        orderBy: [{ field: 'SortOrder', direction: 'ASC' }],
      }),
    );
    const statuses = response.records.flatMap((row) => {
      const { attributes: _attributes, ...fields } = row as Record<string, unknown>;
      const parsed = leadStatusRecordSchema.safeParse(fields);
      return parsed.success ? [parsed.data] : [];
    });
    await this.deps.redis.set(key, JSON.stringify(statuses), 'EX', 3600);
    return 1;
  }

  async syncOnce(): Promise<SyncReport> {
    const started = Date.now();
    const objects: ObjectSyncResult[] = [];
    const statusCalls = await this.syncLeadStatuses();
    for (const object of this.options.objects) {
      objects.push(await this.syncObject(object));
    }
    const usage = apiUsage(this.deps.conn);
    if (usage) {
      await this.deps.redis.hset(this.deps.keys('sf', 'api-usage'), {
        used: usage.used,
        limit: usage.limit,
        at: new Date().toISOString(),
      });
    }
    await this.deps.redis.set(this.deps.keys('sf', 'sync', 'last-success'), new Date().toISOString());
    return {
      objects,
      apiCalls: statusCalls + objects.reduce((sum, o) => sum + o.apiCalls, 0),
      ...(usage ? { apiUsage: usage } : {}),
      durationMs: Date.now() - started,
    };
  }
}
