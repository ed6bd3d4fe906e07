import { z } from 'zod';

/**
 * The writes a person can ask bullpen to make in Salesforce from a nudge. Each carries an
 * idempotency key (from the Slack action) so that a retried or doubled request writes once.
 */

const salesforceId = z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'expected a Salesforce Id');
const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{8,80}$/, 'expected 8-80 letters, digits, ".", "_" or "-"');

export const writeBackCommandSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('log-activity'),
    key: idempotencyKey,
    leadId: salesforceId,
    ownerId: salesforceId,
    activity: z.enum(['call', 'email']),
    /** The rep's local date, YYYY-MM-DD, for ActivityDate. */
    activityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    note: z.string().max(2000).optional(),
    /** Task.CallDisposition: the call's outcome (policy `callOutcomes`); calls only. */
    callDisposition: z.string().min(1).max(255).optional(),
  }),
  z.object({
    kind: z.literal('update-status'),
    key: idempotencyKey,
    leadId: salesforceId,
    ownerId: salesforceId,
    status: z.string().min(1).max(255),
    reason: z.string().max(255).optional(),
    activityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  z.object({
    kind: z.literal('lead-quality'),
    key: idempotencyKey,
    leadId: salesforceId,
    ownerId: salesforceId,
    rating: z.enum(['good', 'bad']),
    reason: z.string().max(255).optional(),
    activityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
]);
export type WriteBackCommand = z.infer<typeof writeBackCommandSchema>;
