import type { Connection } from 'jsforce';
import type { Logger } from '../../platform/http/logger.ts';
import type { DomainEventBus } from '../../platform/jobs/event-bus.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SyncedObjectName } from '../../platform/salesforce/records.ts';
import type { DomainEvent } from './domain-events.ts';
import type { SyncedRecordStore } from './synced-records.ts';

/** What a sync run needs and reports (sync.ts); its page handling (sync-pages.ts) reads them too. */

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
  /**
   * True when its first page came in a composite request shared with other objects: that request
   * is counted once, in SyncReport.apiCalls, and apiCalls here counts only this object's own calls
   * (pages past the first, a retry alone).
   */
  batched?: true;
  /** 'no-access': the integration user cannot read this optional object; it was skipped. */
  access: 'ok' | 'no-access';
  /** Fields the org lacks, left out of the query (their values read as null). */
  droppedFields?: string[];
  warning?: string;
  /** When an unreadable object will be asked for again. */
  nextRetryAt?: string;
}

/** An object's result before anything was read: every count zero, access ok. */
export const emptySyncResult = (object: SyncedObjectName, firstRun: boolean): ObjectSyncResult => ({
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
});

export interface SyncReport {
  objects: ObjectSyncResult[];
  /** Every call the run made: lone queries, composite requests, pages, Bulk API calls. */
  apiCalls: number;
  apiUsage?: { used: number; limit: number };
  durationMs: number;
}

export interface SyncDeps {
  conn: Connection;
  store: SyncedRecordStore;
  redis: RedisClient;
  keys: Keyspace;
  bus: DomainEventBus<DomainEvent>;
  logger: Logger;
  now?: () => Date;
  /** Called after every stored page; tests use it to crash between pages. */
  afterPage?: (object: SyncedObjectName, page: number) => Promise<void> | void;
}
