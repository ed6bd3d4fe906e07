import { describe, expect, it } from 'vitest';
import {
  askForFirstBuild,
  SLA_FIRST_BUILD_SCHEDULER_ID,
} from '../../../src/features/nudges/app/sla-reindex.ts';
import { nudgesQueue, SLA_REINDEX_JOB } from '../../../src/features/nudges/queue.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { markBackfilled } from '../../../src/shared/sync/sync-state.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { depsFor, policyWith } from './sla-index-fixtures.ts';

/*
 * The SLA index's first build is asked for as soon as sync's back-fill is done, not at the next
 * scan (up to scanEveryMinutes later): until then `/leads` and Home read every lead's activity.
 * Found by the ack benchmark: a worker started on a fresh install never built the index in the three
 * minutes it waited, since its start-up check ran before the first sync had back-filled anything.
 */
describe("the SLA index's first build", () => {
  const fixture = useRedis();

  it('keeps asking every half minute until the back-fill is done, then asks for the build once', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const jobs = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger: deps.logger });
    try {
      const withJobs = { ...deps, jobs };
      const queue = jobs.queue(nudgesQueue);
      const queued = async () =>
        (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
          (j) => j.name === SLA_REINDEX_JOB,
        );

      // Start-up before sync's first run: nothing to build from yet, so a scheduler asks again.
      await askForFirstBuild(withJobs);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.every])).toEqual([[SLA_FIRST_BUILD_SCHEDULER_ID, 30_000]]);
      expect(await queued()).toEqual([]);

      // The scheduler's tick after the back-fill: the build is asked for and the scheduler goes.
      await markBackfilled(deps, 'Lead');
      await markBackfilled(deps, 'Task');
      await askForFirstBuild(withJobs);
      expect((await queued()).map((j) => j.data)).toEqual([{ reason: 'first build' }]);
      expect(await queue.getJobSchedulers()).toEqual([]);

      // A later start-up (the build queued or done) adds no scheduler.
      await askForFirstBuild(withJobs);
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await jobs.close(1000);
    }
  });
});
