import { keyPrefixes } from './ids.ts';

/**
 * The slice of the Salesforce data model the emulator knows: which objects and fields exist, their
 * types, and which fields the API may write. Anything not listed here is an unknown field, exactly
 * as an org without it would report.
 */

export type FieldKind = 'id' | 'reference' | 'string' | 'boolean' | 'number' | 'date' | 'datetime';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Writable on insert through the API. */
  createable: boolean;
  /** Writable on update through the API. */
  updateable: boolean;
  /** Must be present (non-null) on insert. */
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** Key prefixes a reference may point at. */
  referenceTo?: readonly string[];
}

export interface ObjectSpec {
  name: string;
  keyPrefix: string;
  /** Objects without IsDeleted (User, LeadStatus) cannot be deleted through the API. */
  softDeletes: boolean;
  fields: ReadonlyMap<string, FieldSpec>;
  /** Lower-cased field name -> canonical name, since SOQL and JSON field names are case-insensitive. */
  canonical: ReadonlyMap<string, string>;
}

export type ObjectName =
  | 'Lead'
  | 'Task'
  | 'Event'
  | 'Opportunity'
  | 'User'
  | 'Campaign'
  | 'CampaignMember'
  | 'LeadStatus'
  | 'FeedItem'
  | 'LeadHistory'
  | 'Group'
  | 'GroupMember'
  | 'QueueSobject';

export type FieldValue = string | number | boolean | null;
export type SfRecord = Record<string, FieldValue>;

const writable = (name: string, kind: FieldKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  kind,
  createable: true,
  updateable: true,
  ...extra,
});
const readOnly = (name: string, kind: FieldKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  kind,
  createable: false,
  updateable: false,
  ...extra,
});
const createOnly = (name: string, kind: FieldKind): FieldSpec => ({
  name,
  kind,
  createable: true,
  updateable: false,
});
const ref = (name: string, to: readonly string[], extra: Partial<FieldSpec> = {}): FieldSpec =>
  writable(name, 'reference', { referenceTo: to, ...extra });

/** History rows are written once and never modified: they carry no LastModified or SystemModstamp. */
const historyAuditFields: FieldSpec[] = [
  readOnly('Id', 'id'),
  readOnly('IsDeleted', 'boolean'),
  readOnly('CreatedDate', 'datetime'),
  readOnly('CreatedById', 'reference', { referenceTo: [keyPrefixes.User] }),
];

const auditFields = (softDeletes: boolean): FieldSpec[] => [
  readOnly('Id', 'id'),
  ...(softDeletes ? [readOnly('IsDeleted', 'boolean')] : []),
  readOnly('CreatedDate', 'datetime'),
  readOnly('CreatedById', 'reference', { referenceTo: [keyPrefixes.User] }),
  readOnly('LastModifiedDate', 'datetime'),
  readOnly('LastModifiedById', 'reference', { referenceTo: [keyPrefixes.User] }),
  readOnly('SystemModstamp', 'datetime'),
];

const user = [keyPrefixes.User];
/** A lead may be owned by a user or by a queue (a Group of Type 'Queue'). */
const leadOwners = [keyPrefixes.User, keyPrefixes.Group];
const whoTargets = [keyPrefixes.Lead];
const whatTargets = [keyPrefixes.Opportunity, keyPrefixes.Campaign];

const objectFields = (withBullpenMetadata: boolean): Record<ObjectName, FieldSpec[]> => ({
  Lead: [
    writable('FirstName', 'string'),
    writable('LastName', 'string', { required: true }),
    readOnly('Name', 'string'),
    writable('Company', 'string', { required: true }),
    writable('Title', 'string'),
    writable('Email', 'string'),
    writable('Phone', 'string'),
    writable('Status', 'string'),
    ref('OwnerId', leadOwners),
    writable('LeadSource', 'string'),
    writable('Rating', 'string'),
    writable('Industry', 'string'),
    writable('Description', 'string'),
    readOnly('LastActivityDate', 'date'),
    readOnly('IsConverted', 'boolean'),
    readOnly('ConvertedDate', 'date'),
    readOnly('ConvertedOpportunityId', 'reference', { referenceTo: [keyPrefixes.Opportunity] }),
  ],
  Task: [
    ref('WhoId', whoTargets),
    ref('WhatId', whatTargets),
    ref('OwnerId', user),
    writable('Subject', 'string'),
    // Salesforce lets TaskSubtype be set when the Task is created and never after.
    createOnly('TaskSubtype', 'string'),
    writable('Type', 'string'),
    writable('Status', 'string'),
    writable('Priority', 'string'),
    writable('ActivityDate', 'date'),
    writable('Description', 'string'),
    writable('CallDurationInSeconds', 'number'),
    // "Call Result": bullpen's Log call writes the outcome the rep picked.
    writable('CallDisposition', 'string'),
    readOnly('IsClosed', 'boolean'),
    ...(withBullpenMetadata
      ? [writable('Bullpen_Key__c', 'string', { externalId: true, unique: true })]
      : []),
  ],
  Event: [
    ref('WhoId', whoTargets),
    ref('WhatId', whatTargets),
    ref('OwnerId', user),
    writable('Subject', 'string'),
    createOnly('EventSubtype', 'string'),
    writable('Type', 'string'),
    writable('StartDateTime', 'datetime', { required: true }),
    writable('EndDateTime', 'datetime'),
    writable('DurationInMinutes', 'number'),
    readOnly('ActivityDate', 'date'),
    writable('Description', 'string'),
  ],
  Opportunity: [
    writable('Name', 'string', { required: true }),
    ref('OwnerId', user),
    writable('StageName', 'string', { required: true }),
    readOnly('IsWon', 'boolean'),
    readOnly('IsClosed', 'boolean'),
    writable('Amount', 'number'),
    writable('CloseDate', 'date', { required: true }),
    writable('LeadSource', 'string'),
    ref('CampaignId', [keyPrefixes.Campaign]),
  ],
  User: [
    writable('Username', 'string', { required: true, unique: true }),
    writable('FirstName', 'string'),
    writable('LastName', 'string', { required: true }),
    readOnly('Name', 'string'),
    writable('Email', 'string', { required: true }),
    writable('Title', 'string'),
    writable('IsActive', 'boolean'),
    ref('ManagerId', user),
    writable('TimeZoneSidKey', 'string'),
  ],
  Campaign: [
    writable('Name', 'string', { required: true }),
    writable('IsActive', 'boolean'),
    writable('Type', 'string'),
    writable('Status', 'string'),
    writable('StartDate', 'date'),
    writable('EndDate', 'date'),
    ref('OwnerId', user),
  ],
  CampaignMember: [
    { ...createOnly('CampaignId', 'reference'), required: true, referenceTo: [keyPrefixes.Campaign] },
    { ...createOnly('LeadId', 'reference'), required: true, referenceTo: [keyPrefixes.Lead] },
    writable('Status', 'string'),
    readOnly('HasResponded', 'boolean'),
  ],
  // Chatter posts (bullpen's optional shout-out mirror writes TextPost items on opportunities).
  FeedItem: [
    {
      ...createOnly('ParentId', 'reference'),
      required: true,
      referenceTo: [keyPrefixes.Opportunity, keyPrefixes.Lead],
    },
    writable('Body', 'string', { required: true }),
    createOnly('Type', 'string'),
  ],
  // Field history of Lead, written by the store when a tracked field changes (Owner only, here).
  // Salesforce writes two rows per owner change: Ids (DataType 'EntityId') and names ('Text').
  LeadHistory: [
    readOnly('LeadId', 'reference', { referenceTo: [keyPrefixes.Lead] }),
    readOnly('Field', 'string'),
    readOnly('DataType', 'string'),
    readOnly('OldValue', 'string'),
    readOnly('NewValue', 'string'),
  ],
  LeadStatus: [
    readOnly('MasterLabel', 'string'),
    readOnly('ApiName', 'string'),
    readOnly('IsConverted', 'boolean'),
    readOnly('IsDefault', 'boolean'),
    readOnly('SortOrder', 'number'),
  ],
  // Queues are Groups of Type 'Queue'; GroupMember lists their users (or nested groups) and
  // QueueSobject which objects a queue may own.
  Group: [
    writable('Name', 'string', { required: true }),
    writable('DeveloperName', 'string', { unique: true }),
    createOnly('Type', 'string'),
    writable('Email', 'string'),
  ],
  GroupMember: [
    { ...createOnly('GroupId', 'reference'), required: true, referenceTo: [keyPrefixes.Group] },
    {
      ...createOnly('UserOrGroupId', 'reference'),
      required: true,
      referenceTo: [keyPrefixes.User, keyPrefixes.Group],
    },
  ],
  QueueSobject: [
    { ...createOnly('QueueId', 'reference'), required: true, referenceTo: [keyPrefixes.Group] },
    { ...createOnly('SobjectType', 'string'), required: true },
  ],
});

const softDeleting: Record<ObjectName, boolean> = {
  Lead: true,
  Task: true,
  Event: true,
  Opportunity: true,
  User: false,
  Campaign: true,
  CampaignMember: true,
  LeadStatus: false,
  FeedItem: false,
  LeadHistory: true,
  // Salesforce hard-deletes these setup objects; the emulator does not delete them at all.
  Group: false,
  GroupMember: false,
  QueueSobject: false,
};

export const objectNames: readonly ObjectName[] = [
  'User',
  'Group',
  'GroupMember',
  'QueueSobject',
  'LeadStatus',
  'Campaign',
  'Lead',
  'Opportunity',
  'Task',
  'Event',
  'CampaignMember',
  'FeedItem',
  'LeadHistory',
];

export type Schema = ReadonlyMap<string, ObjectSpec>;

/** Builds the schema; keys are lower-cased object names so lookups can be case-insensitive. */
export const buildSchema = (withBullpenMetadata: boolean): Schema => {
  const specs = objectFields(withBullpenMetadata);
  const schema = new Map<string, ObjectSpec>();
  for (const name of objectNames) {
    const audit = name === 'LeadHistory' ? historyAuditFields : auditFields(softDeleting[name]);
    const fieldList = [...audit, ...specs[name]];
    const fields = new Map(fieldList.map((field) => [field.name, field]));
    const canonical = new Map(fieldList.map((field) => [field.name.toLowerCase(), field.name]));
    schema.set(name.toLowerCase(), {
      name,
      keyPrefix: keyPrefixes[name],
      softDeletes: softDeleting[name],
      fields,
      canonical,
    });
  }
  return schema;
};

export const findObject = (schema: Schema, name: string): ObjectSpec | undefined =>
  schema.get(name.toLowerCase());

export const findField = (object: ObjectSpec, name: string): FieldSpec | undefined => {
  const canonical = object.canonical.get(name.toLowerCase());
  return canonical === undefined ? undefined : object.fields.get(canonical);
};

export const objectForId = (schema: Schema, id: string): ObjectSpec | undefined => {
  const prefix = id.slice(0, 3);
  for (const object of schema.values()) if (object.keyPrefix === prefix) return object;
  return undefined;
};
