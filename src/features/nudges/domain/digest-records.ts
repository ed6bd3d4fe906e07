import { z } from 'zod';

/**
 * What bullpen remembers about a delivered digest: whom it went to, which leads it listed, and what
 * was done about each (with the state of the Salesforce write that did it). The rules for moving
 * an entry between write states live here; store.ts applies them atomically in Redis.
 */

export type RecipientKind = 'rep' | 'escalation';

export const digestRecordSchema = z.object({
  id: z.string(),
  /** 'alert': an instant assignment alert, which takes in further leads while unanswered. */
  kind: z.enum(['rep', 'escalation', 'alert']),
  recipientSlackId: z.string(),
  /** Salesforce Id of the rep (rep digest) or manager (escalation). */
  recipientSalesforceId: z.string(),
  leadIds: z.array(z.string()),
  moreCount: z.number().int().min(0),
  sentAt: z.string(),
});
export type DigestRecord = z.infer<typeof digestRecordSchema>;

/** Where a lead's Salesforce write stands; a lead handled without one (a snooze) has no status. */
export const WRITE_STATUSES = ['saving', 'delayed', 'failed', 'done'] as const;
export type WriteStatus = (typeof WRITE_STATUSES)[number];

export const handledSchema = z.object({
  leadId: z.string(),
  /** The line once done, e.g. "Call logged for *Jane* by <@U1>". */
  text: z.string(),
  at: z.string(),
  status: z.enum(WRITE_STATUSES).optional(),
  /** The write's idempotency key: only that write's outcome may change this entry. */
  writeKey: z.string().optional(),
  /** The line while it is not done, e.g. "Call for *Jane* by <@U1>". */
  pendingText: z.string().optional(),
  /** Why it is delayed or failed: Salesforce's own words, unescaped. */
  reason: z.string().optional(),
  /** What the person can do about a failure. */
  advice: z.string().optional(),
});
export type HandledLead = z.infer<typeof handledSchema>;

/** How a Salesforce write a person asked for turned out (or is turning out). */
export type WriteOutcome =
  | { status: 'done' }
  | { status: 'delayed'; reason: string }
  | { status: 'failed'; reason: string; advice: string };

/** Which states each outcome may replace: nothing moves back from done or failed. */
export const WRITE_TRANSITIONS: Record<WriteOutcome['status'], WriteStatus[]> = {
  done: ['saving', 'delayed'],
  delayed: ['saving'],
  failed: ['saving', 'delayed'],
};

/** A lead whose write was refused is listed again with its buttons. */
export const stillOpen = (handled: HandledLead | undefined): boolean =>
  handled === undefined || handled.status === 'failed';
