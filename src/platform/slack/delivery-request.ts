import { z } from 'zod';
import { defineQueue, type JobMap, type JobName, type QueueSpec } from '../jobs/queue-spec.ts';

/** What a feature asks SlackDelivery to do (src/platform/slack/delivery.ts), parsed once when queued. */

const DELIVERY_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.delete',
  'views.publish',
  /** Fills a modal a request opened (its view_id in args) once a worker has computed it. */
  'views.update',
  'dm',
] as const;

export const deliveryRequestSchema = z.object({
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^:]+$/, 'delivery keys become BullMQ job ids, which may not contain ":"'),
  /** 'dm' posts in the app DM with args.user. */
  method: z.enum(DELIVERY_METHODS),
  args: z.record(z.string(), z.unknown()),
  /** For chat.update: the key of the earlier post whose channel and ts to edit. */
  updates: z.string().optional(),
  /** A job queued (with `slackError` added to its data) when Slack refuses this delivery for good. */
  onFailure: z
    .object({
      queue: z.string().min(1),
      name: z.string(),
      data: z.record(z.string(), z.unknown()),
    })
    .optional(),
  /**
   * Said by DM instead when Slack refuses this delivery for good: a modal's late outcome whose
   * modal the person closed (views.update: not_found) still reaches them.
   */
  orDm: z.object({ user: z.string().min(1), text: z.string().min(1) }).optional(),
});
export type DeliveryRequest = z.infer<typeof deliveryRequestSchema>;
export type FailureJob = NonNullable<DeliveryRequest['onFailure']>;

/**
 * The job to queue if Slack refuses a delivery for good, checked against the queue's job map: its
 * data is the job's data but for `slackError`, which delivery adds. It travels in the delivery job
 * as names, so the feature that asked names it here, once.
 */
export function failureJob<Jobs extends JobMap, Name extends JobName<Jobs>>(
  spec: QueueSpec<Jobs>,
  name: Name,
  data: Omit<Jobs[Name], 'slackError'> & Record<string, unknown>,
): FailureJob {
  return { queue: spec.name, name, data };
}

/** Every Slack post, update and delete bullpen makes outside a request goes through this queue. */
export const deliveryQueue = defineQueue<{ deliver: DeliveryRequest }>('slack-delivery');
