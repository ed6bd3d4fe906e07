import { z } from 'zod';

/** One hand-off as bullpen keeps it: enough to show the AE, check who may act, and count later. */
export const handoffSchema = z.object({
  leadId: z.string(),
  leadName: z.string(),
  company: z.string().nullable(),
  sdrSlackId: z.string(),
  sdrSalesforceId: z.string(),
  aeSalesforceId: z.string(),
  summary: z.string(),
  taskId: z.string(),
  handedOffAt: z.iso.datetime(),
  /** The accept SLA's deadline. */
  dueAt: z.iso.datetime(),
  state: z.enum(['pending', 'accepted', 'returned']),
  decidedAt: z.iso.datetime().optional(),
  returnReason: z.string().optional(),
  returnNote: z.string().optional(),
});
export type Handoff = z.infer<typeof handoffSchema>;

/** A return, kept for marketing's funnel (top return reasons). */
export const returnRecordSchema = z.object({
  leadId: z.string(),
  reason: z.string(),
  note: z.string(),
  aeSalesforceId: z.string(),
  sdrSalesforceId: z.string(),
  at: z.iso.datetime(),
});
export type ReturnRecord = z.infer<typeof returnRecordSchema>;
