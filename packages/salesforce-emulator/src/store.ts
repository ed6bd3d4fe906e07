import { SalesforceError, notFound } from './errors.ts';
import { UniqueIndex } from './unique-index.ts';
import { IdFactory, keyPrefixes, toId18 } from './ids.ts';
import type { ObjectSpec, Schema, SfRecord } from './schema.ts';
import { findField, findObject, objectForId, objectNames } from './schema.ts';
import { ownerHistoryRows } from './lead-history.ts';
import { DAY_MS, formatDate, formatDateTime } from './time.ts';
import { ValidationRules } from './validation-rules.ts';
import {
  activityDateOf,
  coerceFields,
  derivedFields,
  insertDefaults,
  missingRequired,
} from './write-rules.ts';

/**
 * The emulator's in-memory org. Records are replaced, never mutated, on every write, so a query
 * snapshot (an array of record references) stays exactly as it was when the query ran.
 */

export interface WriteOptions {
  /** The user the write runs as (CreatedById, default OwnerId). Defaults to the integration user. */
  userId?: string;
  /** Test and seed code may set read-only fields (CreatedDate, IsConverted, ...); the API may not. */
  trusted?: boolean;
}

type Journal = Map<string, { object: ObjectSpec; previous: SfRecord | undefined }>;

/** One record write as Change Data Capture sees it: the record before (none on create) and after. */
export interface RecordChange {
  object: string;
  previous: SfRecord | undefined;
  next: SfRecord;
  atMs: number;
}

/** Called once per committed write (a transaction's writes arrive together, in order). */
export type ChangeListener = (changes: readonly RecordChange[]) => void;

export class SalesforceStore {
  readonly schema: Schema;
  readonly ids = new IdFactory();
  /** Rules that refuse API writes (test and seed code, being trusted, bypass them). */
  readonly validationRules = new ValidationRules();
  readonly #now: () => number;
  readonly #defaultUserId: string;
  readonly #tables = new Map<string, Map<string, SfRecord>>();
  readonly #unique = new UniqueIndex();
  /** Children soft-deleted along with a parent, so undeleting the parent restores them too. */
  readonly #cascaded = new Map<string, Array<{ object: string; id: string }>>();
  #journal: Journal | null = null;
  /** Writes of the running transaction, published only if it commits. */
  #pendingChanges: RecordChange[] = [];
  readonly #changeListeners = new Set<ChangeListener>();

  constructor(schema: Schema, now: () => number, defaultUserId: string) {
    this.schema = schema;
    this.#now = now;
    this.#defaultUserId = defaultUserId;
    for (const name of objectNames) this.#tables.set(name, new Map());
  }

  object(name: string): ObjectSpec {
    const object = findObject(this.schema, name);
    if (object === undefined) {
      throw new SalesforceError(
        400,
        'INVALID_TYPE',
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return object;
  }

  #table(object: ObjectSpec): Map<string, SfRecord> {
    const table = this.#tables.get(object.name);
    if (table === undefined) throw new Error(`no table for ${object.name}`);
    return table;
  }

  /** Every record of an object, deleted ones included, in insertion order. */
  records(objectName: string): IterableIterator<SfRecord> {
    return this.#table(this.object(objectName)).values();
  }

  count(objectName: string, options: { includeDeleted?: boolean } = {}): number {
    let total = 0;
    for (const record of this.records(objectName)) {
      if (options.includeDeleted === true || record['IsDeleted'] !== true) total += 1;
    }
    return total;
  }

  get(objectName: string, id: string): SfRecord | undefined {
    const id18 = toId18(id);
    return id18 === null ? undefined : this.#table(this.object(objectName)).get(id18);
  }

  /** Finds a record of any object by Id. */
  find(id: string): { object: ObjectSpec; record: SfRecord } | undefined {
    const id18 = toId18(id);
    if (id18 === null) return undefined;
    const object = objectForId(this.schema, id18);
    const record = object === undefined ? undefined : this.#table(object).get(id18);
    return object === undefined || record === undefined ? undefined : { object, record };
  }

  findByExternalId(objectName: string, fieldName: string, value: string): SfRecord | undefined {
    const object = this.object(objectName);
    const field = findField(object, fieldName);
    if (field === undefined) return undefined;
    if (field.name === 'Id') {
      const record = this.get(object.name, value);
      return record?.['IsDeleted'] === true ? undefined : record;
    }
    const id = this.#unique.lookup(object.name, field.name, value);
    return id === undefined ? undefined : this.#table(object).get(id);
  }

  defaultLeadStatus(): string {
    for (const status of this.records('LeadStatus')) {
      if (status['IsDefault'] === true && typeof status['MasterLabel'] === 'string')
        return status['MasterLabel'];
    }
    return 'Open - Not Contacted';
  }

  /** Loads seed records as they are (no defaults, no triggers); used for generated datasets. */
  load(objectName: string, records: Iterable<SfRecord>): void {
    const object = this.object(objectName);
    const table = this.#table(object);
    const fieldNames = [...object.fields.keys()];
    for (const seed of records) {
      const id = seed['Id'];
      if (typeof id !== 'string') throw new Error(`seed ${objectName} record without Id`);
      // Same keys in schema order for every record: predictable JSON and one V8 shape per object.
      const record: SfRecord = {};
      for (const name of fieldNames) record[name] = seed[name] ?? null;
      this.ids.observe(id);
      table.set(id, record);
      this.#unique.replace(object, id, undefined, record);
    }
  }

  insert(objectName: string, body: Record<string, unknown>, options: WriteOptions = {}): SfRecord {
    const object = this.object(objectName);
    const trusted = options.trusted ?? true;
    const fields = coerceFields(object, body, 'create', trusted);
    const userId = options.userId ?? this.#defaultUserId;
    const nowMs = this.#now();
    const stamp = formatDateTime(nowMs);
    const blank = Object.fromEntries([...object.fields.keys()].map((name) => [name, null]));
    const defaults = insertDefaults(object.name, { userId, defaultLeadStatus: this.defaultLeadStatus() });
    const id = typeof fields['Id'] === 'string' ? fields['Id'] : this.ids.next(object.keyPrefix);
    const audit: SfRecord = {
      Id: id,
      CreatedDate: stamp,
      CreatedById: userId,
      LastModifiedDate: stamp,
      LastModifiedById: userId,
      SystemModstamp: stamp,
      ...(object.softDeletes ? { IsDeleted: false } : {}),
    };
    const merged: SfRecord = { ...blank, ...defaults, ...audit, ...fields };
    const record: SfRecord = { ...merged, ...derivedFields(object.name, merged) };
    const missing = missingRequired(object, record);
    if (missing !== null) throw missing;
    if (!trusted) this.validationRules.check(object.name, 'create', record);
    this.#checkReferences(object, record);
    this.#unique.check(object, record);
    if (object.name === 'CampaignMember') this.#checkCampaignMembership(record);
    if (object.name === 'Lead') this.#checkQueueOwner(record);
    this.#put(object, record);
    this.#afterWrite(object, undefined, record, nowMs);
    return record;
  }

  update(
    objectName: string,
    id: string,
    body: Record<string, unknown>,
    options: WriteOptions = {},
  ): SfRecord {
    const object = this.object(objectName);
    const previous = this.#live(object, id);
    const trusted = options.trusted ?? true;
    const fields = coerceFields(object, body, 'update', trusted);
    const nowMs = this.#now();
    const stamp = formatDateTime(nowMs);
    const merged: SfRecord = {
      ...previous,
      LastModifiedDate: stamp,
      LastModifiedById: options.userId ?? this.#defaultUserId,
      SystemModstamp: stamp,
      ...fields,
    };
    const record: SfRecord = { ...merged, ...derivedFields(object.name, merged) };
    const missing = missingRequired(object, record);
    if (missing !== null) throw missing;
    if (!trusted) this.validationRules.check(object.name, 'update', record);
    this.#checkReferences(object, record);
    this.#unique.check(object, record);
    if (object.name === 'Lead' && record['OwnerId'] !== previous['OwnerId']) this.#checkQueueOwner(record);
    this.#put(object, record);
    this.#afterWrite(object, previous, record, nowMs);
    return record;
  }

  /** Upsert by an external-id field (or Id): updates the live match or inserts a new record. */
  upsert(
    objectName: string,
    fieldName: string,
    value: string,
    body: Record<string, unknown>,
    options: WriteOptions = {},
  ): { record: SfRecord; created: boolean } {
    const object = this.object(objectName);
    const field = findField(object, fieldName);
    if (field === undefined || (field.externalId !== true && field.name !== 'Id')) {
      throw notFound(`Provided external ID field does not exist or is not accessible: ${fieldName}`);
    }
    const existing = this.findByExternalId(object.name, field.name, value);
    const { [field.name]: _ignored, ...rest } = body;
    if (existing !== undefined) {
      return { record: this.update(object.name, String(existing['Id']), rest, options), created: false };
    }
    if (field.name === 'Id')
      throw notFound(`Provided external ID field does not exist or is not accessible: ${value}`);
    return { record: this.insert(object.name, { ...rest, [field.name]: value }, options), created: true };
  }

  delete(objectName: string, id: string, options: WriteOptions = {}): void {
    const object = this.object(objectName);
    if (!object.softDeletes) {
      throw new SalesforceError(400, 'INVALID_TYPE', `${object.name} records cannot be deleted`);
    }
    const previous = this.#live(object, id);
    const nowMs = this.#now();
    const stamp = formatDateTime(nowMs);
    const userId = options.userId ?? this.#defaultUserId;
    const deleted = { ...previous, IsDeleted: true, SystemModstamp: stamp, LastModifiedById: userId };
    this.#put(object, deleted);
    this.#afterWrite(object, previous, deleted, nowMs);
    if (object.name === 'Lead') this.#cascadeLeadDelete(String(previous['Id']), stamp);
  }

  undelete(objectName: string, id: string): SfRecord {
    const object = this.object(objectName);
    const previous = this.get(object.name, id);
    if (previous === undefined) throw notFound();
    if (previous['IsDeleted'] !== true) {
      throw new SalesforceError(400, 'UNDELETE_FAILED', 'Entity is not in the recycle bin');
    }
    const nowMs = this.#now();
    const restored = { ...previous, IsDeleted: false, SystemModstamp: formatDateTime(nowMs) };
    this.#unique.check(object, restored);
    this.#put(object, restored);
    this.#afterWrite(object, previous, restored, nowMs);
    const recordId = String(previous['Id']);
    for (const child of this.#cascaded.get(recordId) ?? []) {
      if (this.get(child.object, child.id)?.['IsDeleted'] === true) this.undelete(child.object, child.id);
    }
    this.#cascaded.delete(recordId);
    return restored;
  }

  /** Converts a Lead the way Salesforce's convertLead does, creating an Opportunity for it. */
  convertLead(
    id: string,
    options: WriteOptions & { opportunityName?: string } = {},
  ): {
    lead: SfRecord;
    opportunity: SfRecord;
  } {
    const lead = this.#live(this.object('Lead'), id);
    if (lead['IsConverted'] === true) {
      throw new SalesforceError(400, 'INVALID_STATUS', 'The lead is already converted');
    }
    const nowMs = this.#now();
    const opportunity = this.insert(
      'Opportunity',
      {
        Name: options.opportunityName ?? `${String(lead['Company'] ?? lead['Name'])}-`,
        // A queue cannot own an Opportunity: converting a queued lead gives it to the converting user.
        OwnerId:
          typeof lead['OwnerId'] === 'string' && lead['OwnerId'].startsWith(keyPrefixes.Group)
            ? (options.userId ?? this.#defaultUserId)
            : lead['OwnerId'],
        StageName: 'Prospecting',
        CloseDate: formatDate(nowMs + 30 * DAY_MS),
        LeadSource: lead['LeadSource'],
      },
      { ...options, trusted: true },
    );
    const convertedStatus =
      [...this.records('LeadStatus')].find((status) => status['IsConverted'] === true)?.['MasterLabel'] ??
      'Closed - Converted';
    const converted = this.update(
      'Lead',
      String(lead['Id']),
      {
        Status: convertedStatus,
        IsConverted: true,
        ConvertedDate: formatDate(nowMs),
        ConvertedOpportunityId: opportunity['Id'],
      },
      { ...options, trusted: true },
    );
    return { lead: converted, opportunity };
  }

  /** Subscribes to committed writes (the Pub/Sub API's change events); returns the unsubscribe. */
  onChange(listener: ChangeListener): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  #publish(changes: readonly RecordChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.#changeListeners) listener(changes);
  }

  /** Runs writes atomically: if `work` throws, every record it touched is put back. */
  transaction<T>(work: () => T): T {
    if (this.#journal !== null) return work();
    const journal: Journal = new Map();
    this.#journal = journal;
    this.#pendingChanges = [];
    try {
      const result = work();
      const committed = this.#pendingChanges;
      this.#journal = null;
      this.#pendingChanges = [];
      this.#publish(committed);
      return result;
    } catch (error) {
      this.#pendingChanges = [];
      for (const [id, { object, previous }] of journal) {
        const table = this.#table(object);
        const current = table.get(id);
        if (previous === undefined) table.delete(id);
        else table.set(id, previous);
        this.#unique.replace(object, id, current, previous);
      }
      throw error;
    } finally {
      this.#journal = null;
    }
  }

  #live(object: ObjectSpec, id: string): SfRecord {
    const id18 = toId18(id);
    const record = id18 === null ? undefined : this.#table(object).get(id18);
    if (record === undefined) throw notFound();
    if (record['IsDeleted'] === true) {
      throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    }
    return record;
  }

  #put(object: ObjectSpec, record: SfRecord): void {
    const id = String(record['Id']);
    const table = this.#table(object);
    const previous = table.get(id);
    if (this.#journal !== null && !this.#journal.has(id)) this.#journal.set(id, { object, previous });
    table.set(id, record);
    this.#unique.replace(object, id, previous, record);
    const change: RecordChange = { object: object.name, previous, next: record, atMs: this.#now() };
    if (this.#journal !== null) this.#pendingChanges.push(change);
    else this.#publish([change]);
  }

  #checkReferences(object: ObjectSpec, record: SfRecord): void {
    for (const field of object.fields.values()) {
      if (field.kind !== 'reference' || !field.createable) continue;
      const value = record[field.name];
      if (typeof value !== 'string') continue;
      const target = this.find(value);
      if (target === undefined || target.record['IsDeleted'] === true) {
        throw new SalesforceError(
          400,
          'INVALID_CROSS_REFERENCE_KEY',
          `invalid cross reference id: ${field.name}`,
          [field.name],
        );
      }
    }
  }

  /** A Group may own a Lead only if it is a queue that holds Leads, as Salesforce requires. */
  #checkQueueOwner(record: SfRecord): void {
    const ownerId = record['OwnerId'];
    if (typeof ownerId !== 'string' || !ownerId.startsWith(keyPrefixes.Group)) return;
    const group = this.get('Group', ownerId);
    const holdsLeads = [...this.records('QueueSobject')].some(
      (entry) => entry['QueueId'] === ownerId && entry['SobjectType'] === 'Lead',
    );
    if (group?.['Type'] !== 'Queue' || !holdsLeads) {
      throw new SalesforceError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'Owner ID: the owner must be a user or a queue that supports Leads',
        ['OwnerId'],
      );
    }
  }

  #checkCampaignMembership(record: SfRecord): void {
    for (const member of this.records('CampaignMember')) {
      if (
        member['IsDeleted'] !== true &&
        member['CampaignId'] === record['CampaignId'] &&
        member['LeadId'] === record['LeadId']
      ) {
        throw new SalesforceError(400, 'DUPLICATE_VALUE', 'Already a campaign member.', ['LeadId']);
      }
    }
  }

  /**
   * A completed activity on a Lead moves the Lead's LastActivityDate (and its SystemModstamp); a new
   * Lead owner is written to LeadHistory, as an org tracking Lead Owner history does.
   */
  #afterWrite(object: ObjectSpec, previous: SfRecord | undefined, next: SfRecord, nowMs: number): void {
    if (object.name === 'Lead') this.#recordOwnerChange(previous, next);
    if (object.name !== 'Task' && object.name !== 'Event') return;
    const whoId = next['WhoId'];
    const activityDate = activityDateOf(object.name, next, nowMs);
    if (typeof whoId !== 'string' || activityDate === null) return;
    if (previous !== undefined && activityDateOf(object.name, previous, nowMs) === activityDate) return;
    const lead = this.get('Lead', whoId);
    if (lead === undefined || lead['IsDeleted'] === true) return;
    const current = lead['LastActivityDate'];
    if (typeof current === 'string' && current >= activityDate) return;
    this.#put(this.object('Lead'), {
      ...lead,
      LastActivityDate: activityDate,
      SystemModstamp: formatDateTime(nowMs),
    });
  }

  #recordOwnerChange(previous: SfRecord | undefined, next: SfRecord): void {
    const fromOwnerId = previous?.['OwnerId'];
    const toOwnerId = next['OwnerId'];
    if (typeof fromOwnerId !== 'string' || typeof toOwnerId !== 'string' || fromOwnerId === toOwnerId) return;
    const change = {
      leadId: String(next['Id']),
      fromOwnerId,
      toOwnerId,
      byUserId: String(next['LastModifiedById'] ?? this.#defaultUserId),
      stamp: String(next['SystemModstamp']),
    };
    const nameOf = (id: string): string => {
      const name = this.find(id)?.record['Name'];
      return typeof name === 'string' ? name : id;
    };
    const history = this.object('LeadHistory');
    for (const row of ownerHistoryRows(this.ids, change, nameOf)) this.#put(history, row);
  }

  #cascadeLeadDelete(leadId: string, stamp: string): void {
    const children: Array<{ object: string; id: string }> = [];
    for (const [objectName, field] of [
      ['Task', 'WhoId'],
      ['Event', 'WhoId'],
      ['CampaignMember', 'LeadId'],
    ] as const) {
      const object = this.object(objectName);
      for (const record of [...this.#table(object).values()]) {
        if (record[field] !== leadId || record['IsDeleted'] === true) continue;
        this.#put(object, { ...record, IsDeleted: true, SystemModstamp: stamp });
        children.push({ object: objectName, id: String(record['Id']) });
      }
    }
    if (children.length > 0) this.#cascaded.set(leadId, children);
  }
}
