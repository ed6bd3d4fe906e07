import { z } from 'zod';
import { SalesforceError, notFound } from './errors.ts';
import type { ApiResponse } from './http-util.ts';
import { json } from './http-util.ts';
import { projectRecord } from './soql.ts';
import type { SalesforceStore } from './store.ts';
import type { SobjectContext } from './rest-sobjects.ts';
import { methodNotAllowed } from './rest-sobjects.ts';
import { findField } from './schema.ts';

/**
 * sObject Collections (`/composite/sobjects`): create, update, upsert and delete up to 200 records
 * per call, each with its own result; with allOrNone every change is rolled back if one fails.
 */

const MAX_RECORDS = 200;

const collectionSchema = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const retrieveSchema = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) });

interface ItemError {
  statusCode: string;
  message: string;
  fields: string[];
}
type ItemResult = { id?: unknown; success: boolean; errors: ItemError[]; created?: boolean };

const ROLLED_BACK: ItemError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

class Rollback extends Error {}

const tooMany = (): SalesforceError =>
  new SalesforceError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
  );

const asItemError = (error: unknown): ItemError => {
  if (error instanceof SalesforceError) {
    return { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
  }
  throw error;
};

/** Runs one operation per item; with allOrNone, a single failure rolls every change back. */
const runAll = <T>(
  store: SalesforceStore,
  items: readonly T[],
  allOrNone: boolean,
  operation: (item: T) => ItemResult,
): ItemResult[] => {
  const results: ItemResult[] = [];
  try {
    store.transaction(() => {
      for (const item of items) {
        try {
          results.push(operation(item));
        } catch (error) {
          results.push({ success: false, errors: [asItemError(error)] });
        }
      }
      if (allOrNone && results.some((result) => !result.success)) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    return results.map((result) =>
      result.success ? { id: result.id, success: false, errors: [ROLLED_BACK] } : result,
    );
  }
  return results;
};

const parseCollection = (body: unknown) => {
  const parsed = collectionSchema.safeParse(body);
  if (!parsed.success) {
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Expected {"allOrNone": boolean, "records": [...]}');
  }
  if (parsed.data.records.length > MAX_RECORDS) throw tooMany();
  return { allOrNone: parsed.data.allOrNone ?? false, records: parsed.data.records };
};

const typeOf = (record: Record<string, unknown>, fallback?: string): string => {
  const attributes = record['attributes'];
  const type =
    typeof attributes === 'object' && attributes !== null && 'type' in attributes
      ? attributes.type
      : fallback;
  if (typeof type !== 'string') {
    throw new SalesforceError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  }
  return type;
};

export const handleComposite = (
  context: SobjectContext,
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  body: () => unknown,
): ApiResponse => {
  const { store, userId, apiVersion } = context;
  const [kind, typeName, externalField, ...rest] = segments;
  if (kind !== 'sobjects' || rest.length > 0) throw notFound();
  if (method === 'DELETE' && typeName === undefined) {
    const ids = (query.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length > MAX_RECORDS) throw tooMany();
    const allOrNone = query.get('allOrNone') === 'true';
    return json(
      200,
      runAll(store, ids, allOrNone, (id) => {
        const target = store.find(id);
        if (target === undefined) throw notFound('entity is deleted or does not exist');
        store.delete(target.object.name, id, { userId });
        return { id: target.record['Id'], success: true, errors: [] };
      }),
    );
  }
  if (method === 'POST' && typeName !== undefined && externalField === undefined) {
    const parsed = retrieveSchema.safeParse(body());
    if (!parsed.success)
      throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Expected {"ids": [...], "fields": [...]}');
    const object = store.object(typeName);
    const fields = parsed.data.fields.map((name) => {
      const field = findField(object, name);
      if (field === undefined)
        throw new SalesforceError(
          400,
          'INVALID_FIELD',
          `No such column '${name}' on entity '${object.name}'`,
        );
      return field.name;
    });
    return json(
      200,
      parsed.data.ids.map((id) => {
        const record = store.get(object.name, id);
        return record === undefined || record['IsDeleted'] === true
          ? null
          : projectRecord(object, fields, record, apiVersion);
      }),
    );
  }
  if (method === 'PATCH' && typeName !== undefined && externalField !== undefined) {
    const { allOrNone, records } = parseCollection(body());
    return json(
      200,
      runAll(store, records, allOrNone, (record) => {
        const type = typeOf(record, typeName);
        const value = record[externalField];
        if (typeof value !== 'string' && typeof value !== 'number') {
          throw new SalesforceError(400, 'MISSING_ARGUMENT', `${externalField} not specified`, [
            externalField,
          ]);
        }
        const { attributes: _attributes, ...fields } = record;
        const result = store.upsert(type, externalField, String(value), fields, { userId, trusted: false });
        return { id: result.record['Id'], success: true, errors: [], created: result.created };
      }),
    );
  }
  if (typeName !== undefined) throw notFound();
  if (method === 'POST') {
    const { allOrNone, records } = parseCollection(body());
    return json(
      200,
      runAll(store, records, allOrNone, (record) => {
        const { attributes: _attributes, ...fields } = record;
        const created = store.insert(typeOf(record), fields, { userId, trusted: false });
        return { id: created['Id'], success: true, errors: [] };
      }),
    );
  }
  if (method === 'PATCH') {
    const { allOrNone, records } = parseCollection(body());
    return json(
      200,
      runAll(store, records, allOrNone, (record) => {
        const { attributes: _attributes, id, Id, ...fields } = record;
        const recordId = typeof id === 'string' ? id : typeof Id === 'string' ? Id : null;
        if (recordId === null)
          throw new SalesforceError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
        const updated = store.update(typeOf(record), recordId, fields, { userId, trusted: false });
        return { id: updated['Id'], success: true, errors: [] };
      }),
    );
  }
  throw methodNotAllowed(method);
};
