import { z } from 'zod';
import { SalesforceError, notFound } from './errors.ts';
import type { ApiResponse } from './http-util.ts';
import { json } from './http-util.ts';
import type { ObjectSpec } from './schema.ts';
import { findField } from './schema.ts';
import { projectRecord } from './soql.ts';
import type { SalesforceStore } from './store.ts';

/** `/sobjects/...`: create, retrieve, update, delete, upsert by external Id, and describe. */

export interface SobjectContext {
  store: SalesforceStore;
  apiVersion: string;
  userId: string;
}

export const recordBodySchema = z.record(z.string(), z.unknown());

export const parseRecordBody = (body: unknown): Record<string, unknown> => {
  const parsed = recordBodySchema.safeParse(body);
  if (!parsed.success || Array.isArray(body)) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      'The request body must be a JSON object of field values',
    );
  }
  return parsed.data;
};

const describeField = (object: ObjectSpec, name: string) => {
  const field = object.fields.get(name);
  if (field === undefined) throw new Error(`unknown field ${name}`);
  const soapTypes: Record<string, string> = {
    id: 'id',
    reference: 'reference',
    string: 'string',
    boolean: 'boolean',
    number: 'double',
    date: 'date',
    datetime: 'datetime',
  };
  return {
    name: field.name,
    label: field.name.replace(/__c$/, '').replace(/_/g, ' '),
    type: soapTypes[field.kind] ?? 'string',
    createable: field.createable,
    updateable: field.updateable,
    nillable: field.required !== true && field.kind !== 'boolean' && field.name !== 'Id',
    externalId: field.externalId === true,
    unique: field.unique === true,
    custom: field.name.endsWith('__c'),
    idLookup: field.name === 'Id' || field.externalId === true,
    referenceTo: field.referenceTo === undefined ? [] : [...field.referenceTo],
    length: field.kind === 'string' ? 255 : 0,
  };
};

/** Objects only Salesforce itself writes: the API may read them, never insert or update them. */
const READ_ONLY_OBJECTS = new Set(['LeadStatus', 'LeadHistory']);

export const describeObject = (object: ObjectSpec, apiVersion: string) => ({
  name: object.name,
  label: object.name,
  keyPrefix: object.keyPrefix,
  custom: false,
  createable: !READ_ONLY_OBJECTS.has(object.name),
  updateable: !READ_ONLY_OBJECTS.has(object.name),
  deletable: object.softDeletes,
  queryable: true,
  undeletable: object.softDeletes,
  urls: { sobject: `/services/data/v${apiVersion}/sobjects/${object.name}` },
  fields: [...object.fields.keys()].map((name) => describeField(object, name)),
});

export const handleSobjects = (
  context: SobjectContext,
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  body: () => unknown,
): ApiResponse => {
  const { store, apiVersion, userId } = context;
  const [typeName, second, third, ...rest] = segments;
  if (typeName === undefined) {
    return json(200, {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: [...store.schema.values()].map((object) => ({
        name: object.name,
        keyPrefix: object.keyPrefix,
        queryable: true,
      })),
    });
  }
  const object = store.object(typeName);
  if (rest.length > 0) throw notFound();
  if (second === undefined) {
    if (method === 'GET')
      return json(200, { objectDescribe: describeObject(object, apiVersion), recentItems: [] });
    if (method !== 'POST') throw methodNotAllowed(method);
    if (object.name === 'LeadHistory') {
      throw new SalesforceError(
        400,
        'INVALID_TYPE_FOR_OPERATION',
        'entity type cannot be inserted: Lead History',
      );
    }
    const record = store.insert(object.name, parseRecordBody(body()), { userId, trusted: false });
    return json(201, { id: record['Id'], success: true, errors: [] });
  }
  if (second === 'describe' && third === undefined && method === 'GET') {
    return json(200, describeObject(object, apiVersion));
  }
  if (third !== undefined) return handleExternalId(context, object, method, second, third, body);
  const id = second;
  switch (method) {
    case 'GET': {
      const record = store.get(object.name, id);
      if (record === undefined || record['IsDeleted'] === true) throw notFound();
      const wanted = query.get('fields');
      const fields =
        wanted === null
          ? [...object.fields.keys()]
          : wanted.split(',').map((name) => {
              const field = findField(object, name.trim());
              if (field === undefined) {
                throw new SalesforceError(
                  400,
                  'INVALID_FIELD',
                  `No such column '${name}' on sobject of type ${object.name}`,
                );
              }
              return field.name;
            });
      return json(200, projectRecord(object, fields, record, apiVersion));
    }
    case 'PATCH':
      store.update(object.name, id, parseRecordBody(body()), { userId, trusted: false });
      return { status: 204 };
    case 'DELETE':
      store.delete(object.name, id, { userId });
      return { status: 204 };
    default:
      throw methodNotAllowed(method);
  }
};

const handleExternalId = (
  context: SobjectContext,
  object: ObjectSpec,
  method: string,
  fieldName: string,
  value: string,
  body: () => unknown,
): ApiResponse => {
  const { store, apiVersion, userId } = context;
  const field = findField(object, fieldName);
  if (field === undefined || (field.externalId !== true && field.name !== 'Id')) {
    throw notFound(`Provided external ID field does not exist or is not accessible: ${fieldName}`);
  }
  if (method === 'GET') {
    const record = store.findByExternalId(object.name, field.name, value);
    if (record === undefined) throw notFound();
    return json(200, projectRecord(object, [...object.fields.keys()], record, apiVersion));
  }
  if (method !== 'PATCH' && method !== 'POST') throw methodNotAllowed(method);
  const { record, created } = store.upsert(object.name, field.name, value, parseRecordBody(body()), {
    userId,
    trusted: false,
  });
  return json(created ? 201 : 200, { id: record['Id'], success: true, errors: [], created });
};

export const methodNotAllowed = (method: string): SalesforceError =>
  new SalesforceError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE,POST`,
  );
