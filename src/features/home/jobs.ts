import { z } from 'zod';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import { publishHome, type PublishHomeDeps } from './app/publish-home.ts';

/**
 * The 'home' queue: App Home is rendered and published by a worker, never in the process that acks
 * Slack. A render reads every section's store; under load that work in the web process delayed the
 * acks of everything else (bench acks).
 */

export const PUBLISH_HOME_JOB = 'publish-home';
const publishHomeSchema = z.object({ slackUserId: z.string().min(1) });

export const homeQueue = defineQueue<{ [PUBLISH_HOME_JOB]: z.infer<typeof publishHomeSchema> }>('home');

export type HomeJobDeps = PublishHomeDeps & { jobs: JobRuntime };

/**
 * One render at a time per person, and one more queued behind it with the latest request: a burst
 * of opens and refreshes costs two renders, and a change made while one renders is still shown.
 */
export function requestHomePublish(deps: Pick<HomeJobDeps, 'jobs'>, slackUserId: string): Promise<unknown> {
  return deps.jobs.add(
    homeQueue,
    PUBLISH_HOME_JOB,
    { slackUserId },
    {
      deduplication: { id: `home:${slackUserId}`, keepLastIfActive: true },
      // A Home is published again on the next open: a failed render is not worth minutes of retries.
      attempts: 2,
      removeOnComplete: true,
      removeOnFail: { age: 3600, count: 1_000 },
    },
  );
}

export function registerHomeJobs(deps: HomeJobDeps): void {
  deps.jobs.process(
    homeQueue,
    {
      [PUBLISH_HOME_JOB]: async (job) => {
        const { slackUserId } = publishHomeSchema.parse(job.data);
        const rendered = await publishHome(deps, slackUserId);
        return { sections: rendered.sections.length };
      },
    },
    { concurrency: 8 },
  );
}
