import { createHash } from 'node:crypto';
import avro from 'avsc';
import type { FieldSpec, ObjectSpec, SfRecord } from '../schema.ts';
import { parseDateTime } from '../time.ts';

/**
 * The Avro schema of one object's change events, shaped like Salesforce's: a record named
 * `<Object>ChangeEvent` in `com.sforce.eventbus` whose first field is the ChangeEventHeader and
 * whose other fields are the object's fields, each nullable (a change event carries only what
 * changed). Date-times are epoch milliseconds, dates days since the epoch, as Salesforce encodes them.
 */

export const changeTypes = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'UNDELETE',
  'GAP_CREATE',
  'GAP_UPDATE',
  'GAP_DELETE',
  'GAP_UNDELETE',
  'GAP_OVERFLOW',
] as const;
export type ChangeType = (typeof changeTypes)[number];

const headerSchema = {
  type: 'record',
  name: 'ChangeEventHeader',
  namespace: 'com.sforce.eventbus',
  fields: [
    { name: 'entityName', type: 'string' },
    { name: 'recordIds', type: { type: 'array', items: 'string' } },
    { name: 'changeType', type: { type: 'enum', name: 'ChangeType', symbols: [...changeTypes] } },
    { name: 'changeOrigin', type: 'string' },
    { name: 'transactionKey', type: 'string' },
    { name: 'sequenceNumber', type: 'int' },
    { name: 'commitTimestamp', type: 'long' },
    { name: 'commitNumber', type: 'long' },
    { name: 'commitUser', type: 'string' },
    { name: 'nulledFields', type: { type: 'array', items: 'string' } },
    { name: 'diffFields', type: { type: 'array', items: 'string' } },
    { name: 'changedFields', type: { type: 'array', items: 'string' } },
  ],
};

export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: ChangeType;
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  nulledFields: string[];
  diffFields: string[];
  changedFields: string[];
}

const avroType = (field: FieldSpec): unknown => {
  switch (field.kind) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'double';
    case 'datetime':
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'date':
      return { type: 'int', logicalType: 'date' };
    default:
      return 'string';
  }
};

/**
 * Fields a change event carries: the record's Id travels in the header, IsDeleted in changeType;
 * SystemModstamp is not in change events either (commitTimestamp says when).
 */
const NOT_IN_EVENTS = new Set(['Id', 'IsDeleted', 'SystemModstamp']);
const payloadFields = (object: ObjectSpec): FieldSpec[] =>
  [...object.fields.values()].filter((field) => !NOT_IN_EVENTS.has(field.name));

export interface ChangeEventSchema {
  entity: string;
  schemaId: string;
  schemaJson: string;
  /** Payload field names, in schema order after the header (bit i + 1 of the field bitmaps). */
  fieldNames: readonly string[];
  type: avro.Type;
  fieldSpecs: ReadonlyMap<string, FieldSpec>;
}

export const buildChangeEventSchema = (object: ObjectSpec): ChangeEventSchema => {
  const fields = payloadFields(object);
  const schema = {
    type: 'record',
    name: `${object.name}ChangeEvent`,
    namespace: 'com.sforce.eventbus',
    fields: [
      { name: 'ChangeEventHeader', type: headerSchema },
      ...fields.map((field) => ({ name: field.name, type: ['null', avroType(field)], default: null })),
    ],
  };
  const schemaJson = JSON.stringify(schema);
  return {
    entity: object.name,
    schemaId: createHash('sha256').update(schemaJson).digest('base64url').slice(0, 22),
    schemaJson,
    fieldNames: fields.map((field) => field.name),
    type: avro.Type.forSchema(schema as Parameters<typeof avro.Type.forSchema>[0]),
    fieldSpecs: new Map(fields.map((field) => [field.name, field])),
  };
};

/**
 * Salesforce's field bitmap ("0x..." hex, bit n = the n-th schema field): how changedFields and
 * nulledFields name fields without spelling them out.
 */
export const fieldBitmap = (schema: ChangeEventSchema, names: readonly string[]): string[] => {
  let bits = 0n;
  for (const name of names) {
    const index = schema.fieldNames.indexOf(name);
    if (index >= 0) bits |= 1n << BigInt(index + 1);
  }
  return bits === 0n ? [] : [`0x${bits.toString(16).toUpperCase()}`];
};

const DAY_MS = 86_400_000;

const avroValue = (field: FieldSpec, value: SfRecord[string]): unknown => {
  if (value === null || value === undefined) return null;
  if (field.kind === 'datetime' && typeof value === 'string') return parseDateTime(value);
  if (field.kind === 'date' && typeof value === 'string') return Math.floor(Date.parse(value) / DAY_MS);
  if (field.kind === 'number') return Number(value);
  if (field.kind === 'boolean') return value === true;
  return String(value);
};

/** Encodes one event: the header plus the named fields of `record` (every other field null). */
export const encodeChangeEvent = (
  schema: ChangeEventSchema,
  header: ChangeEventHeader,
  record: SfRecord | undefined,
  fields: readonly string[],
): Buffer => {
  const value: Record<string, unknown> = { ChangeEventHeader: header };
  for (const name of schema.fieldNames) value[name] = null;
  for (const name of fields) {
    const spec = schema.fieldSpecs.get(name);
    if (spec !== undefined && record !== undefined) value[name] = avroValue(spec, record[name] ?? null);
  }
  return schema.type.toBuffer(value);
};
