import { z } from 'zod';
import type { RecognitionDeps } from '../app/deps.ts';
import type { Recognition } from '../app/recognition.ts';

/**
 * What recognition's Slack listeners use: the use cases, the logger, the modal's length limit and
 * the delivery queue (a slow modal submission's outcome).
 */
export interface RecognitionListenerDeps extends Pick<RecognitionDeps, 'logger' | 'delivery'> {
  config: {
    policy: { recognition: Pick<RecognitionDeps['config']['policy']['recognition'], 'maxMessageLength'> };
  };
  recognition: Recognition;
}

/** The payload of a button or overflow click, as recognition reads it. */
export const actionBodySchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  actions: z.array(
    z.object({ value: z.string().optional(), selected_option: z.object({ value: z.string() }).optional() }),
  ),
});
