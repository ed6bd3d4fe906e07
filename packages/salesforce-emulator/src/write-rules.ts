import { SalesforceError } from './errors.ts';
import { toId18 } from './ids.ts';
import type { FieldSpec, FieldValue, ObjectSpec, SfRecord } from './schema.ts';
import { findField } from './schema.ts';
import { DAY_MS, formatDate, formatDateTime, isDateOnly, parseDateTime } from './time.ts';

/**
 * Field-level rules Salesforce applies on every write: which fields exist and may be written, how
 * JSON values become field values, and the values Salesforce derives itself (Name, IsClosed, ...).
 */

export type WriteMode = 'create' | 'update';

const wrongType = (field: FieldSpec, value: unknown): SalesforceError =>
  new SalesforceError(
    400,
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${field.name}: value not of required type: ${String(value)}`,
    [field.name],
  );

export const coerceValue = (field: FieldSpec, value: unknown): FieldValue => {
  if (value === null || value === undefined || value === '') {
    return field.kind === 'boolean' ? false : null;
  }
  switch (field.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw wrongType(field, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw wrongType(field, value);
    case 'number': {
      const number = typeof value === 'string' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return number;
      throw wrongType(field, value);
    }
    case 'date': {
      if (typeof value !== 'string') throw wrongType(field, value);
      if (isDateOnly(value)) return value;
      const epochMs = parseDateTime(value);
      if (Number.isNaN(epochMs)) throw wrongType(field, value);
      return formatDate(epochMs);
    }
    case 'datetime': {
      if (typeof value !== 'string') throw wrongType(field, value);
      const epochMs = isDateOnly(value) ? Date.parse(`${value}T00:00:00Z`) : parseDateTime(value);
      if (Number.isNaN(epochMs)) throw wrongType(field, value);
      return formatDateTime(epochMs);
    }
    case 'id':
    case 'reference': {
      const id = typeof value === 'string' ? toId18(value) : null;
      if (id === null) {
        throw new SalesforceError(
          400,
          'MALFORMED_ID',
          `${field.name}: id value of incorrect type: ${String(value)}`,
          [field.name],
        );
      }
      if (field.referenceTo !== undefined && !field.referenceTo.includes(id.slice(0, 3))) {
        throw new SalesforceError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          `${field.name}: id value of incorrect type: ${id}`,
          [field.name],
        );
      }
      return id;
    }
  }
};

/**
 * Checks and converts a record body sent through the API (trusted = false) or by test code through
 * the store (trusted = true, which may also set read-only fields such as CreatedDate).
 */
export const coerceFields = (
  object: ObjectSpec,
  body: Record<string, unknown>,
  mode: WriteMode,
  trusted: boolean,
): SfRecord => {
  const result: SfRecord = {};
  const notWritable: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === 'attributes') continue;
    const field = findField(object, name);
    if (field === undefined) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on sobject of type ${object.name}`,
      );
    }
    if (!trusted && field.name === 'Id') continue;
    const allowed = mode === 'create' ? field.createable : field.updateable;
    if (!trusted && !allowed) {
      notWritable.push(field.name);
      continue;
    }
    result[field.name] = coerceValue(field, value);
  }
  if (notWritable.length > 0) {
    throw new SalesforceError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      notWritable,
    );
  }
  return result;
};

export const missingRequired = (object: ObjectSpec, record: SfRecord): SalesforceError | null => {
  const missing = [...object.fields.values()]
    .filter((field) => field.required === true && (record[field.name] ?? null) === null)
    .map((field) => field.name);
  if (missing.length === 0) return null;
  return new SalesforceError(
    400,
    'REQUIRED_FIELD_MISSING',
    `Required fields are missing: [${missing.join(', ')}]`,
    missing,
  );
};

const joinName = (record: SfRecord): string =>
  [record['FirstName'], record['LastName']]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(' ');

/** Defaults Salesforce fills in on insert when the caller leaves a field out. */
export const insertDefaults = (
  objectName: string,
  context: { userId: string; defaultLeadStatus: string },
): SfRecord => {
  switch (objectName) {
    case 'Lead':
      return { Status: context.defaultLeadStatus, OwnerId: context.userId, IsConverted: false };
    case 'Task':
      return { Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task', OwnerId: context.userId };
    case 'Event':
      return { EventSubtype: 'Event', OwnerId: context.userId, DurationInMinutes: 30 };
    case 'Opportunity':
    case 'Campaign':
      return { OwnerId: context.userId };
    case 'CampaignMember':
      return { Status: 'Sent' };
    case 'User':
      return { IsActive: true, TimeZoneSidKey: 'America/Los_Angeles' };
    case 'Group':
      return { Type: 'Regular' };
    default:
      return {};
  }
};

/** Values Salesforce computes from other fields; applied after every write. */
export const derivedFields = (objectName: string, record: SfRecord): SfRecord => {
  switch (objectName) {
    case 'Lead':
    case 'User':
      return { Name: joinName(record) };
    case 'Task':
      return { IsClosed: record['Status'] === 'Completed' };
    case 'Opportunity': {
      const stage = record['StageName'];
      return { IsWon: stage === 'Closed Won', IsClosed: stage === 'Closed Won' || stage === 'Closed Lost' };
    }
    case 'Event': {
      const start =
        typeof record['StartDateTime'] === 'string' ? parseDateTime(record['StartDateTime']) : NaN;
      if (Number.isNaN(start)) return { ActivityDate: null };
      const minutes = typeof record['DurationInMinutes'] === 'number' ? record['DurationInMinutes'] : 30;
      const end = record['EndDateTime'] ?? formatDateTime(start + minutes * 60_000);
      return { ActivityDate: formatDate(start), EndDateTime: end };
    }
    case 'CampaignMember':
      return { HasResponded: record['Status'] === 'Responded' };
    default:
      return {};
  }
};

/** The date an activity counts toward its Lead's LastActivityDate, or null while it is still open. */
export const activityDateOf = (objectName: string, record: SfRecord, nowMs: number): string | null => {
  if (record['IsDeleted'] === true) return null;
  if (objectName === 'Task') {
    if (record['IsClosed'] !== true) return null;
    const due = record['ActivityDate'];
    if (typeof due === 'string') return due;
    const created = typeof record['CreatedDate'] === 'string' ? parseDateTime(record['CreatedDate']) : nowMs;
    return formatDate(Number.isNaN(created) ? nowMs : created);
  }
  if (objectName === 'Event') {
    const date = record['ActivityDate'];
    // A meeting only counts once it has happened.
    if (typeof date === 'string' && Date.parse(`${date}T00:00:00Z`) <= nowMs + DAY_MS) return date;
  }
  return null;
};
