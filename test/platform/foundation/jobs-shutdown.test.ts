import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { defineQueue } from '../../../src/platform/jobs/queue-spec.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { waitFor } from '../../helpers/process.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });
const testQueue = defineQueue<{ slow: Record<string, never>; long: Record<string, never> }>('system');

describe('JobRuntime shutdown', () => {
  const fixture = useRedis();

  it('lets a running job finish before closing', async () => {
    const runtime = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
    let started = false;
    let finished = false;
    runtime.process(testQueue, {
      slow: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 700));
        finished = true;
      },
      long: async () => undefined,
    });
    runtime.startWorkers();
    await runtime.add(testQueue, 'slow', {});
    await waitFor(async () => (started ? true : undefined), 'job start');
    const result = await runtime.close(5_000);
    expect(result.forced).toBe(false);
    expect(finished).toBe(true);
  });

  it('releases a job that outlives the deadline, and another worker completes it', async () => {
    const first = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
    let attempts = 0;
    const slowly = async () => {
      attempts += 1;
      await new Promise((r) => setTimeout(r, 3_000));
    };
    first.process(testQueue, { slow: slowly, long: slowly }, { lockDuration: 1_000, stalledInterval: 500 });
    first.startWorkers();
    const job = await first.add(testQueue, 'long', {});
    await waitFor(async () => (attempts === 1 ? true : undefined), 'first attempt');
    const result = await first.close(200);
    expect(result.forced).toBe(true);

    const second = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
    const completedBy: string[] = [];
    const complete = async (j: Job) => {
      completedBy.push(String(j.id));
    };
    second.process(
      testQueue,
      { slow: complete, long: complete },
      { lockDuration: 1_000, stalledInterval: 500 },
    );
    second.startWorkers();
    await waitFor(async () => (completedBy.length > 0 ? true : undefined), 'job picked up again');
    expect(completedBy).toEqual([job.id]);
    await second.close(2_000);
  });
});
