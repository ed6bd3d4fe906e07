import { z } from 'zod';

/**
 * The Salesforce records bullpen syncs, parsed with zod at the boundary (REST JSON and Bulk CSV
 * both arrive here). Field lists double as the SOQL allow-list: query builders may only name
 * fields that appear in these schemas. Dates stay ISO-8601 strings, as Salesforce sends them;
 * date-only fields (ActivityDate, CloseDate) are 'YYYY-MM-DD'.
 */

const id = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'expected a Salesforce Id');
const dateTime = z.string().min(10);
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Bulk API CSV sends booleans as "true"/"false" and numbers as text. */
const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const numberish = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
/** Bulk API CSV sends null as an empty string. */
const emptyToNull = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === '' ? null : value), schema.nullable());

/** When a record was created, whether it is deleted, and when it last changed (sync's watermark). */
const versioned = { CreatedDate: dateTime, IsDeleted: boolish, SystemModstamp: dateTime };
/** What a Task and an Event share: whom and what it is about, whose, and its subject. */
const activityHead = {
  Id: id,
  WhoId: emptyToNull(id),
  WhatId: emptyToNull(id),
  OwnerId: id,
  Subject: emptyToNull(z.string()),
};

export const leadSchema = z.object({
  Id: id,
  Name: z.string(),
  Company: emptyToNull(z.string()),
  Email: emptyToNull(z.string()),
  Status: z.string(),
  OwnerId: id,
  LeadSource: emptyToNull(z.string()),
  Rating: emptyToNull(z.string()),
  CreatedDate: dateTime,
  LastActivityDate: emptyToNull(dateOnly),
  IsConverted: boolish,
  ConvertedDate: emptyToNull(dateOnly),
  ConvertedOpportunityId: emptyToNull(id),
  IsDeleted: boolish,
  SystemModstamp: dateTime,
});
export type Lead = z.infer<typeof leadSchema>;

export const taskSchema = z.object({
  ...activityHead,
  TaskSubtype: emptyToNull(z.string()),
  Type: emptyToNull(z.string()),
  Status: z.string(),
  ActivityDate: emptyToNull(dateOnly),
  /**
   * The call's outcome ("Call Result"). Optional: Tasks stored before bullpen read it have none, and
   * an org that hides the field syncs without it (sync drops a nullable field it cannot read).
   */
  CallDisposition: emptyToNull(z.string()).optional(),
  ...versioned,
});
export type Task = z.infer<typeof taskSchema>;

export const eventSchema = z.object({
  ...activityHead,
  StartDateTime: emptyToNull(dateTime),
  ...versioned,
});
export type SfEvent = z.infer<typeof eventSchema>;

export const opportunitySchema = z.object({
  Id: id,
  Name: z.string(),
  OwnerId: id,
  StageName: z.string(),
  IsWon: boolish,
  IsClosed: boolish,
  Amount: emptyToNull(numberish),
  CloseDate: emptyToNull(dateOnly),
  ...versioned,
});
export type Opportunity = z.infer<typeof opportunitySchema>;

export const userSchema = z.object({
  Id: id,
  Name: z.string(),
  Email: emptyToNull(z.string()),
  IsActive: boolish,
  ManagerId: emptyToNull(id),
  TimeZoneSidKey: emptyToNull(z.string()),
  SystemModstamp: dateTime,
});
export type SfUser = z.infer<typeof userSchema>;

export const campaignSchema = z.object({
  Id: id,
  Name: z.string(),
  IsActive: boolish,
  ...versioned,
});
export type Campaign = z.infer<typeof campaignSchema>;

export const campaignMemberSchema = z.object({
  Id: id,
  CampaignId: id,
  LeadId: emptyToNull(id),
  Status: emptyToNull(z.string()),
  ...versioned,
});
export type CampaignMember = z.infer<typeof campaignMemberSchema>;

export const leadStatusRecordSchema = z.object({
  Id: id,
  MasterLabel: z.string(),
  ApiName: emptyToNull(z.string()).optional(),
  IsConverted: boolish,
  IsDefault: boolish,
  SortOrder: emptyToNull(numberish),
});
export type LeadStatusRecord = z.infer<typeof leadStatusRecordSchema>;

/**
 * Lead queues: a Group of Type 'Queue', its members (users, or groups nested in it) and which
 * objects it may own. Read by the queue directory (src/shared/people/queues.ts), not by sync.
 */
export const groupSchema = z.object({
  Id: id,
  Name: z.string(),
  DeveloperName: emptyToNull(z.string()),
  Type: z.string(),
  SystemModstamp: dateTime,
});
export type SfGroup = z.infer<typeof groupSchema>;

export const groupMemberSchema = z.object({
  Id: id,
  GroupId: id,
  UserOrGroupId: id,
  SystemModstamp: dateTime,
});
export type SfGroupMember = z.infer<typeof groupMemberSchema>;

export const queueSobjectSchema = z.object({
  Id: id,
  QueueId: id,
  SobjectType: z.string(),
  SystemModstamp: dateTime,
});
export type SfQueueSobject = z.infer<typeof queueSobjectSchema>;

/** Objects read outside sync, with their schemas (field lists double as the SOQL allow-list). */
export const directoryObjects = {
  Group: groupSchema,
  GroupMember: groupMemberSchema,
  QueueSobject: queueSobjectSchema,
} as const;

/** The objects that incremental sync reads, with their schemas. Order matters: owners before leads. */
export const syncedObjects = {
  User: userSchema,
  Lead: leadSchema,
  Task: taskSchema,
  Event: eventSchema,
  Opportunity: opportunitySchema,
  Campaign: campaignSchema,
  CampaignMember: campaignMemberSchema,
} as const;

export type SyncedObjectName = keyof typeof syncedObjects;

export const fieldsOf = (object: SyncedObjectName): string[] => Object.keys(syncedObjects[object].shape);
