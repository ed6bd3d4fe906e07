import { z } from 'zod';
import type { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';

/**
 * The 'nudges' queue and the jobs it carries. Declared apart from the processors (jobs.ts) so the
 * use cases that enqueue (the scan enqueues digests) need not import the code that runs them.
 */

export const SCAN_JOB = 'nudge-scan';
export const REP_DIGEST_JOB = 'rep-digest';
export const ESCALATION_JOB = 'escalation-digest';
export const WEEKLY_JOB = 'weekly-digest';
/** An assignment alert deferred past quiet hours or a spent daily budget (app/assignment-alerts.ts). */
export const ALERT_JOB = 'assignment-alert';

/** An open alert's edit after leads were added to it: one edit for a burst, not one per lead. */
export const ALERT_REFRESH_JOB = 'assignment-alert-refresh';

export const alertRefreshSchema = z.object({ alertId: z.string().min(1), repId: z.string().min(1) });

export const assignmentSchema = z.object({
  leadId: z.string().min(1),
  ownerId: z.string().min(1),
  assignedAt: z.iso.datetime(),
});

/** Computes the org-wide roll-up executives see on Home (app/org-rollup.ts). */
export const ORG_ROLLUP_JOB = 'org-rollup';

/** Rebuilds the SLA index in batches (app/sla-reindex.ts): first start, or the SLA policy changed. */
export const SLA_REINDEX_JOB = 'sla-reindex';
export const slaReindexSchema = z.object({ reason: z.string().min(1) });

/** Asks for the SLA index's first build until sync's back-fill is done (app/sla-reindex.ts). */
export const SLA_FIRST_BUILD_JOB = 'sla-index-first-build';

export const digestJobDataSchema = z.object({
  recipientSalesforceId: z.string(),
  recipientSlackId: z.string(),
  windowId: z.string(),
  /** The scan's clock, so a retried job decides exactly as the first attempt would. */
  now: z.iso.datetime(),
  leadIds: z.array(z.string()),
  moreCount: z.number().int().min(0),
});
export type DigestJobData = z.infer<typeof digestJobDataSchema>;

/**
 * Scans, one digest per recipient and window, the weekly report, Salesforce touches from sync, and
 * the executives' org-wide roll-up.
 */
export const nudgesQueue = defineQueue<{
  [SCAN_JOB]: Record<string, never>;
  [REP_DIGEST_JOB]: DigestJobData;
  [ESCALATION_JOB]: DigestJobData;
  [WEEKLY_JOB]: Record<string, never>;
  [ALERT_JOB]: z.infer<typeof assignmentSchema>;
  [ALERT_REFRESH_JOB]: z.infer<typeof alertRefreshSchema>;
  [DOMAIN_EVENT_JOB]: DomainEvent;
  [ORG_ROLLUP_JOB]: Record<string, never>;
  [SLA_REINDEX_JOB]: z.infer<typeof slaReindexSchema>;
  [SLA_FIRST_BUILD_JOB]: Record<string, never>;
}>('nudges');
