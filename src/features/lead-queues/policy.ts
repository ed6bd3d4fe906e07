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

const MEMBER_REF_MESSAGE = 'expected a queue member by email or Salesforce User Id (005…)';

const memberRef = z
  .string()
  .trim()
  .regex(/^(?:005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?|[^\s@]+@[^\s@]+\.[^\s@]+)$/, MEMBER_REF_MESSAGE);

/**
 * Routing (optional): 'claim' leaves leads to the Claim button; 'round-robin' assigns each new lead
 * to the next eligible member (weighted), and may move it on when its owner does not touch it.
 */
export const routingSchema = z
  .object({
    mode: z.enum(['claim', 'round-robin'], { error: "expected mode 'claim' or 'round-robin'" }),
    /** Relative share of leads per member (default 1); 0 never picks them. */
    weights: z
      .record(z.string(), z.number().int().min(0).max(100))
      .superRefine((weights, context) => {
        for (const key of Object.keys(weights)) {
          const parsed = memberRef.safeParse(key);
          if (!parsed.success) context.addIssue({ code: 'custom', path: [key], message: MEMBER_REF_MESSAGE });
        }
      })
      .default({}),
    /** Members who are away: never picked while listed. */
    away: z.array(memberRef).default([]),
    /** A Slack status emoji that marks a member away. */
    awayStatusEmoji: z
      .array(z.string().regex(/^:[a-z0-9_+'-]+:$/, 'expected an emoji like :palm_tree:'))
      .default([':palm_tree:']),
    /** Untouched after this many times the lead's SLA, the lead moves to the next rep; absent: never. */
    rerouteAfterSla: z.number().positive().max(100).optional(),
    /** At most this many moves per lead. */
    maxReroutes: z.number().int().min(0).max(20).default(2),
  })
  .strict();
export type RoutingPolicy = z.infer<typeof routingSchema>;

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
    routing: routingSchema.optional(),
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
