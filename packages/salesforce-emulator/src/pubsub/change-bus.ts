import { randomUUID } from 'node:crypto';
import type { Schema, SfRecord } from '../schema.ts';
import type { RecordChange } from '../store.ts';
import type { ChangeEventSchema, ChangeType } from './change-schemas.ts';
import { buildChangeEventSchema, encodeChangeEvent, fieldBitmap } from './change-schemas.ts';

/**
 * The org's event bus for Change Data Capture: every committed write of an entity selected for CDC
 * becomes an Avro-encoded change event with a replay id that only grows. Events older than the
 * retention window (72 h by default, as Salesforce keeps them) are purged, and a subscriber asking to
 * resume from before the purge point is refused, as Salesforce refuses it.
 */

export interface BusEvent {
  replayId: bigint;
  entity: string;
  eventId: string;
  schemaId: string;
  payload: Buffer;
  atMs: number;
}

/** The five entities of bullpen's default CDC allocation, selected in Setup -> Change Data Capture. */
export const defaultCdcEntities = ['Lead', 'Task', 'Event', 'Opportunity', 'User'] as const;

const CHANGE_ORIGIN = 'com/salesforce/api/rest/64.0';

const changeTypeOf = (change: RecordChange): ChangeType => {
  if (change.previous === undefined) return 'CREATE';
  const wasDeleted = change.previous['IsDeleted'] === true;
  const isDeleted = change.next['IsDeleted'] === true;
  if (!wasDeleted && isDeleted) return 'DELETE';
  if (wasDeleted && !isDeleted) return 'UNDELETE';
  return 'UPDATE';
};

const nonNullFields = (schema: ChangeEventSchema, record: SfRecord): string[] =>
  schema.fieldNames.filter((name) => record[name] !== null && record[name] !== undefined);

const changedFields = (schema: ChangeEventSchema, previous: SfRecord, next: SfRecord): string[] =>
  schema.fieldNames.filter((name) => (previous[name] ?? null) !== (next[name] ?? null));

export class ChangeEventBus {
  readonly schemas = new Map<string, ChangeEventSchema>();
  readonly enabled: Set<string>;
  retentionMs: number;
  readonly #events: BusEvent[] = [];
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  /** Replay ids are opaque to clients; starting high keeps anyone from reading meaning into them. */
  #lastReplayId = 1_000_000n;
  /** Events up to and including this replay id have been purged. */
  #purgedThrough = 1_000_000n;
  #commitNumber = 0;
  #anyPurged = false;

  constructor(schema: Schema, now: () => number, retentionMs: number) {
    for (const object of schema.values()) this.schemas.set(object.name, buildChangeEventSchema(object));
    this.enabled = new Set(defaultCdcEntities);
    this.#now = now;
    this.retentionMs = retentionMs;
  }

  /** Calls `listener` after every append; returns the unsubscribe. */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One committed transaction: its writes share a transaction key and are numbered in order. */
  recordChanges(changes: readonly RecordChange[]): void {
    const transactionKey = randomUUID();
    this.#commitNumber += 1;
    let sequenceNumber = 0;
    for (const change of changes) {
      const schema = this.schemas.get(change.object);
      if (schema === undefined || !this.enabled.has(change.object)) continue;
      sequenceNumber += 1;
      const changeType = changeTypeOf(change);
      const { previous, next } = change;
      const fields =
        changeType === 'DELETE'
          ? []
          : changeType === 'UPDATE' && previous !== undefined
            ? changedFields(schema, previous, next)
            : nonNullFields(schema, next);
      const header = {
        entityName: change.object,
        recordIds: [String(next['Id'])],
        changeType,
        changeOrigin: CHANGE_ORIGIN,
        transactionKey,
        sequenceNumber,
        commitTimestamp: change.atMs,
        commitNumber: this.#commitNumber,
        commitUser: String(next['LastModifiedById'] ?? next['CreatedById'] ?? ''),
        nulledFields:
          changeType === 'UPDATE'
            ? fieldBitmap(
                schema,
                fields.filter((f) => next[f] === null),
              )
            : [],
        diffFields: [],
        changedFields: changeType === 'UPDATE' ? fieldBitmap(schema, fields) : [],
      };
      this.#append(schema, encodeChangeEvent(schema, header, next, fields), change.atMs);
    }
    this.#notify();
  }

  /**
   * A gap event, as Salesforce sends when it could not build the change event (GAP_CREATE ...), or
   * GAP_OVERFLOW when one transaction changed more records than events it can send: only the
   * header, and the subscriber must read the records itself.
   */
  recordGap(entity: string, changeType: ChangeType, recordIds: readonly string[]): void {
    const schema = this.schemas.get(entity);
    if (schema === undefined) throw new Error(`no change event schema for ${entity}`);
    this.#commitNumber += 1;
    const atMs = this.#now();
    const header = {
      entityName: entity,
      recordIds: [...recordIds],
      changeType,
      changeOrigin: '',
      transactionKey: randomUUID(),
      sequenceNumber: 1,
      commitTimestamp: atMs,
      commitNumber: this.#commitNumber,
      commitUser: '',
      nulledFields: [],
      diffFields: [],
      changedFields: [],
    };
    this.#append(schema, encodeChangeEvent(schema, header, undefined, []), atMs);
    this.#notify();
  }

  /** An event whose payload does not decode with its schema: what a client must survive. */
  recordUndecodable(entity: string): void {
    const schema = this.schemas.get(entity);
    if (schema === undefined) throw new Error(`no change event schema for ${entity}`);
    this.#append(schema, Buffer.from([0xff, 0xff, 0xff]), this.#now());
    this.#notify();
  }

  #append(schema: ChangeEventSchema, payload: Buffer, atMs: number): void {
    this.#lastReplayId += 1n;
    this.#events.push({
      replayId: this.#lastReplayId,
      entity: schema.entity,
      eventId: randomUUID(),
      schemaId: schema.schemaId,
      payload,
      atMs,
    });
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Drops events past the retention window (Salesforce purges them after 72 hours). */
  purge(): void {
    const oldestKept = this.#now() - this.retentionMs;
    while (this.#events.length > 0 && (this.#events[0]?.atMs ?? Infinity) < oldestKept) {
      const dropped = this.#events.shift();
      if (dropped !== undefined) {
        this.#purgedThrough = dropped.replayId;
        this.#anyPurged = true;
      }
    }
  }

  latestReplayId(): bigint {
    return this.#lastReplayId;
  }

  /** The position before the oldest retained event: where EARLIEST starts. */
  earliestPosition(): bigint {
    this.purge();
    return this.#purgedThrough;
  }

  /** Whether `replayId` names a retained event (or the start of an unpurged bus), not a future one. */
  canResumeAfter(replayId: bigint): boolean {
    this.purge();
    const oldestValid = this.#anyPurged ? this.#purgedThrough + 1n : this.#purgedThrough;
    return replayId >= oldestValid && replayId <= this.#lastReplayId;
  }

  /** Up to `limit` events after `position` for the given entities. */
  after(position: bigint, entities: ReadonlySet<string>, limit: number): BusEvent[] {
    this.purge();
    const found: BusEvent[] = [];
    for (const event of this.#events) {
      if (found.length >= limit) break;
      if (event.replayId > position && entities.has(event.entity)) found.push(event);
    }
    return found;
  }
}
