import { directoryObjects, fieldsOf, syncedObjects, type SyncedObjectName } from './records.ts';

/**
 * The only way bullpen builds SOQL. Object and field names come from an allow-list (the record
 * schemas plus a few write-back look-ups); every literal goes through `literal`, which escapes it
 * the way Salesforce's SOQL reference prescribes, so user text can never change a query's shape.
 */

const EXTRA_FIELDS: Record<string, readonly string[]> = {
  Task: ['Description', 'Bullpen_Key__c'],
  LeadStatus: ['Id', 'MasterLabel', 'ApiName', 'IsConverted', 'IsDefault', 'SortOrder'],
  // Owner changes, for the SLA clock's start (shared/sync/owner-history.ts).
  LeadHistory: ['LeadId', 'Field', 'OldValue', 'NewValue', 'CreatedDate'],
};

const ALLOWED: Record<string, ReadonlySet<string>> = Object.fromEntries(
  [
    ...Object.keys(syncedObjects).map((object) => [
      object,
      new Set([...fieldsOf(object as SyncedObjectName), ...(EXTRA_FIELDS[object] ?? [])]),
    ]),
    ...['LeadStatus', 'LeadHistory'].map((object) => [object, new Set(EXTRA_FIELDS[object])]),
    ...Object.entries(directoryObjects).map(([object, schema]) => [
      object,
      new Set(Object.keys(schema.shape)),
    ]),
  ].map(([object, fields]) => [object as string, fields as ReadonlySet<string>]),
);

export class SoqlSafetyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoqlSafetyError';
  }
}

export function assertObject(object: string): string {
  if (!Object.hasOwn(ALLOWED, object))
    throw new SoqlSafetyError(`object "${object}" is not on the SOQL allow-list`);
  return object;
}

export function assertField(object: string, field: string): string {
  const allowed = ALLOWED[assertObject(object)];
  if (!allowed?.has(field))
    throw new SoqlSafetyError(`field "${object}.${field}" is not on the SOQL allow-list`);
  return field;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A quoted SOQL string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (ch) => ESCAPES[ch] ?? ch)}'`;
}

/** A SOQL datetime literal (unquoted, UTC, no milliseconds, as Salesforce expects). */
export function dateTimeLiteral(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new SoqlSafetyError('invalid date for a SOQL datetime literal');
  return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function idLiteral(value: string): string {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value))
    throw new SoqlSafetyError(`"${value}" is not a Salesforce Id`);
  return `'${value}'`;
}

export type Literal = string | number | boolean | Date | null;

export function literal(value: Literal): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SoqlSafetyError('non-finite number in SOQL');
    return String(value);
  }
  if (value instanceof Date) return dateTimeLiteral(value);
  return stringLiteral(value);
}

export type Condition =
  | { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { field: string; op: 'IN' | 'NOT IN'; values: Literal[] }
  | { field: string; op: 'LIKE'; value: string }
  | { and: Condition[] }
  | { or: Condition[] };

function renderCondition(object: string, condition: Condition): string {
  if ('and' in condition || 'or' in condition) {
    const parts = 'and' in condition ? condition.and : condition.or;
    if (parts.length === 0) throw new SoqlSafetyError('empty AND/OR in SOQL');
    const joined = parts.map((c) => renderCondition(object, c)).join('and' in condition ? ' AND ' : ' OR ');
    return `(${joined})`;
  }
  const field = assertField(object, condition.field);
  if (condition.op === 'IN' || condition.op === 'NOT IN') {
    if (condition.values.length === 0) throw new SoqlSafetyError(`empty ${condition.op} list in SOQL`);
    return `${field} ${condition.op} (${condition.values.map(literal).join(', ')})`;
  }
  if (condition.op === 'LIKE') return `${field} LIKE ${stringLiteral(condition.value)}`;
  const comparison = condition as Extract<Condition, { value: Literal }>;
  return `${field} ${comparison.op} ${literal(comparison.value)}`;
}

export interface SelectQuery {
  object: string;
  fields: string[] | 'COUNT()';
  where?: Condition;
  orderBy?: { field: string; direction?: 'ASC' | 'DESC' }[];
  limit?: number;
}

export function buildSelect(query: SelectQuery): string {
  const object = assertObject(query.object);
  const select =
    query.fields === 'COUNT()'
      ? 'COUNT()'
      : query.fields.map((field) => assertField(object, field)).join(', ');
  let soql = `SELECT ${select} FROM ${object}`;
  if (query.where) soql += ` WHERE ${renderCondition(object, query.where)}`;
  if (query.orderBy && query.orderBy.length > 0) {
    soql += ` ORDER BY ${query.orderBy
      .map(({ field, direction }) => `${assertField(object, field)} ${direction ?? 'ASC'}`)
      .join(', ')}`;
  }
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1)
      throw new SoqlSafetyError('LIMIT must be a positive integer');
    soql += ` LIMIT ${query.limit}`;
  }
  return soql;
}
