import { z } from 'zod';

/**
 * The `queues` section of the policy file: which Salesforce lead queues bullpen posts to which Slack
 * channel, how long a lead may wait unclaimed there, and whom to tell when one waits longer. An
 * absent section maps no queue (and bullpen then reads no queues from Salesforce).
 */

const channelRef = z
  .string()
  .regex(
    /^(?:[CG][A-Z0-9]{2,}|#[a-z0-9][a-z0-9_-]{0,79})$/,
    'expected a Slack channel ID like C012ABCDEF or a #channel-name',
  );

const managerRef = z
  .string()
  .regex(
    /^(?:[UW][A-Z0-9]{2,}|005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?|[^\s@]+@[^\s@]+\.[^\s@]+)$/,
    'expected an email, a Slack user ID (U…) or a Salesforce User Id (005…)',
  );

export const leadQueueMappingSchema = z
  .object({
    /** The queue's DeveloperName (e.g. Inbound_Web), its Name ("Inbound Web") or its Group Id (00G…). */
    queue: z.string().trim().min(1, 'name the queue by DeveloperName, Name or Id (00G…)'),
    /** Where its new leads are posted with a Claim button. */
    channel: channelRef,
    /** Unclaimed this long, a lead is marked overdue in the channel and the manager is told. */
    claimSlaMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .default(15),
    /** Who hears about leads left unclaimed past the claim SLA. */
    manager: managerRef.optional(),
  })
  .strict();
export type LeadQueueMapping = z.infer<typeof leadQueueMappingSchema>;

export const leadQueuesPolicySchema = z.array(leadQueueMappingSchema).superRefine((mappings, context) => {
  const seen = new Set<string>();
  mappings.forEach((mapping, index) => {
    const key = mapping.queue.toLowerCase();
    if (seen.has(key)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'queue'],
        message: `queue "${mapping.queue}" is mapped twice; map each queue to one channel`,
      });
    }
    seen.add(key);
  });
});
export type LeadQueuesPolicy = z.infer<typeof leadQueuesPolicySchema>;
