import { z } from 'zod';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { readDomainEvent } from '../../shared/sync/domain-events.ts';
import { recognitionQueue } from './queue.ts';
import { mirrorToChatter } from './app/chatter-mirror.ts';
import type { RecognitionDeps } from './app/deps.ts';
import { deletePost, tellAuthorPostFailed } from './app/post-lifecycle.ts';
import type { Recognition } from './app/recognition.ts';
import { handleWin } from './app/win-prompt.ts';

/**
 * Recognition's background work on the 'recognition' queue: win prompts from sync's
 * `opportunity.won` events, the optional Chatter mirror, removing deleted shout-outs' posts, and
 * telling an author when Slack refused their post (SlackDelivery queues 'post-failed', with the
 * Slack error added, as the post's onFailure job).
 */
export { recognitionQueue } from './queue.ts';

const shoutoutJobSchema = z.object({ shoutoutId: z.string() });
const postFailedSchema = z.object({ shoutoutId: z.string(), slackError: z.string() });

export type RecognitionJobDeps = Pick<
  RecognitionDeps,
  'jobs' | 'bus' | 'config' | 'store' | 'people' | 'roles' | 'delivery' | 'salesforce' | 'logger'
>;

/** Subscribes to domain events and declares the processors; workers start in the worker role. */
export function startRecognitionJobs(deps: RecognitionJobDeps, recognition: Recognition): void {
  deps.bus.subscribe(recognitionQueue);
  deps.jobs.process(
    recognitionQueue,
    {
      [DOMAIN_EVENT_JOB]: async (job) => {
        const event = readDomainEvent(job.data);
        if (event.type !== 'opportunity.won') return 'ignored';
        return handleWin(deps, recognition, event, job.id ?? job.name);
      },
      'chatter-mirror': (job) =>
        mirrorToChatter(deps, recognition, shoutoutJobSchema.parse(job.data).shoutoutId),
      'delete-post': (job) => deletePost(deps, recognition, shoutoutJobSchema.parse(job.data).shoutoutId),
      'post-failed': (job) => tellAuthorPostFailed(deps, recognition, postFailedSchema.parse(job.data)),
    },
    { concurrency: 4 },
  );
}
