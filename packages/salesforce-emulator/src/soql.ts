import type { FieldType, OrderByClause, Query, ValueQueryCondition } from '@jetstreamapp/soql-parser-js';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { invalidField, malformedQuery } from './errors.ts';
import type { FieldSpec, FieldValue, ObjectSpec, SfRecord } from './schema.ts';
import { findField } from './schema.ts';
import type { SalesforceStore } from './store.ts';
import type { Comparable } from './soql-where.ts';
import { comparable, compileWhere } from './soql-where.ts';

/**
 * SOQL for one object at a time: plain field lists, COUNT(), WHERE (incl. semi-joins on one
 * field), ORDER BY, LIMIT and OFFSET. Parsing is soql-parser-js's; this module checks names
 * against the schema and evaluates the query against the store.
 */

export interface QueryResult {
  object: ObjectSpec;
  /** Canonical field names, in SELECT order. */
  fields: string[];
  /** Matching records, in result order (empty for COUNT()). */
  records: SfRecord[];
  /** Set for `SELECT COUNT() ...`: Salesforce answers with totalSize and no records. */
  count: number | null;
  /** Set for `SELECT COUNT(field) ...`: one AggregateResult row. */
  aggregate: Record<string, number> | null;
}

export interface RunOptions {
  includeDeleted: boolean;
  nowMs: number;
}

const noSuchColumn = (name: string, object: ObjectSpec) =>
  invalidField(
    `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

const fieldOf = (object: ObjectSpec, name: string): FieldSpec => {
  const field = findField(object, name);
  if (field === undefined) {
    if (name.includes('.')) {
      throw invalidField(`Didn't understand relationship '${name.split('.')[0] ?? name}' in field path.`);
    }
    throw noSuchColumn(name, object);
  }
  return field;
};

const parse = (soql: string): Query => {
  try {
    return parseQuery(soql);
  } catch (error) {
    throw malformedQuery(error instanceof Error ? error.message : String(error));
  }
};

interface Selection {
  fields: string[];
  countAll: boolean;
  aggregates: Array<{ alias: string; field: string | null }>;
}

const selection = (object: ObjectSpec, fields: FieldType[]): Selection => {
  const result: Selection = { fields: [], countAll: false, aggregates: [] };
  for (const [index, field] of fields.entries()) {
    if (field.type === 'Field') {
      const name = fieldOf(object, field.field).name;
      if (!result.fields.includes(name)) result.fields.push(name);
    } else if (field.type === 'FieldFunctionExpression' && field.functionName.toUpperCase() === 'COUNT') {
      const parameter = field.parameters[0];
      if (parameter === undefined) result.countAll = true;
      else if (typeof parameter === 'string') {
        result.aggregates.push({
          alias: field.alias ?? `expr${index}`,
          field: fieldOf(object, parameter).name,
        });
      } else throw malformedQuery('nested functions are not supported by the emulator');
    } else if (field.type === 'FieldRelationship') {
      throw invalidField(`Didn't understand relationship '${field.relationships[0] ?? ''}' in field path.`);
    } else {
      throw malformedQuery(`${field.type} is not supported by the emulator`);
    }
  }
  if (result.countAll && (result.fields.length > 0 || result.aggregates.length > 0)) {
    throw malformedQuery('COUNT() must be the only element in the SELECT list');
  }
  if (result.aggregates.length > 0 && result.fields.length > 0) {
    throw malformedQuery('Field must be grouped or aggregated: ' + (result.fields[0] ?? ''));
  }
  return result;
};

const orderComparator = (object: ObjectSpec, clauses: OrderByClause[]) => {
  const keys = clauses.map((clause) => {
    if (!('field' in clause)) throw malformedQuery('ORDER BY functions are not supported by the emulator');
    const field = fieldOf(object, clause.field);
    const descending = clause.order === 'DESC';
    // Salesforce puts nulls first ascending and last descending unless told otherwise.
    const nullsFirst = clause.nulls === undefined ? !descending : clause.nulls === 'FIRST';
    return { field, descending, nullsFirst };
  });
  const compare = (left: Comparable[], right: Comparable[]): number => {
    for (const [index, { descending, nullsFirst }] of keys.entries()) {
      const a = left[index] ?? null;
      const b = right[index] ?? null;
      if (a === b) continue;
      if (a === null) return nullsFirst ? -1 : 1;
      if (b === null) return nullsFirst ? 1 : -1;
      const order = a < b ? -1 : a > b ? 1 : 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
  return { fields: keys.map((key) => key.field), compare };
};

const run = (store: SalesforceStore, query: Query, options: RunOptions): QueryResult => {
  if (query.sObject === undefined) throw malformedQuery('unexpected token: FROM');
  const object = store.object(query.sObject);
  if (query.groupBy !== undefined || query.having !== undefined) {
    throw malformedQuery('GROUP BY is not supported by the emulator');
  }
  const selected = selection(object, query.fields ?? []);
  const semiJoin = (condition: ValueQueryCondition): Set<FieldValue> => {
    const inner = run(store, condition.valueQuery, { ...options, includeDeleted: false });
    const [field, ...extra] = inner.fields;
    if (field === undefined || extra.length > 0) {
      throw malformedQuery('a semi-join sub-select must select exactly one field');
    }
    return new Set(inner.records.map((record) => record[field] ?? null));
  };
  const matches = compileWhere(query.where, { object, nowMs: options.nowMs, semiJoin });
  let records: SfRecord[] = [];
  for (const record of store.records(object.name)) {
    if (!options.includeDeleted && record['IsDeleted'] === true) continue;
    if (matches(record)) records.push(record);
  }
  const orderBy = query.orderBy === undefined ? [] : [query.orderBy].flat();
  if (orderBy.length > 0) {
    // Sort keys are computed once per record, not once per comparison.
    const { fields, compare } = orderComparator(object, orderBy);
    const decorated = records.map((record) => ({
      record,
      key: fields.map((field) => comparable(field, record[field.name])),
    }));
    decorated.sort((left, right) => compare(left.key, right.key));
    records = decorated.map((entry) => entry.record);
  }
  const offset = query.offset ?? 0;
  if (offset > 0 || query.limit !== undefined) {
    records = records.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  }
  if (selected.countAll) {
    return { object, fields: [], records: [], count: records.length, aggregate: null };
  }
  if (selected.aggregates.length > 0) {
    const aggregate: Record<string, number> = {};
    for (const { alias, field } of selected.aggregates) {
      aggregate[alias] =
        field === null ? records.length : records.filter((r) => (r[field] ?? null) !== null).length;
    }
    return { object, fields: [], records: [], count: null, aggregate };
  }
  return { object, fields: selected.fields, records, count: null, aggregate: null };
};

export const runQuery = (store: SalesforceStore, soql: string, options: RunOptions): QueryResult =>
  run(store, parse(soql), options);

/** A record as the REST API returns it: attributes first, then the selected fields in order. */
export const projectRecord = (
  object: ObjectSpec,
  fields: readonly string[],
  record: SfRecord,
  apiVersion: string,
): Record<string, unknown> => {
  const projected: Record<string, unknown> = {
    attributes: {
      type: object.name,
      url: `/services/data/v${apiVersion}/sobjects/${object.name}/${String(record['Id'])}`,
    },
  };
  for (const field of fields) projected[field] = record[field] ?? null;
  return projected;
};
