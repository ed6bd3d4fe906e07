import { describe, expect, it } from 'vitest';
import {
  orgRollupFor,
  ROLLUP_FRESH_MS,
  runOrgRollupJob,
} from '../../../src/features/nudges/app/org-rollup.ts';
import { nudgesQueue, ORG_ROLLUP_JOB } from '../../../src/features/nudges/queue.ts';
import { loadConfig } from '../../../src/config.ts';
import { buildParts } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

/*
 * The org-wide roll-up reads every lead, which takes minutes in a big org: one computation at a
 * time, however many minutes executives keep opening Home meanwhile. No worker runs here, so the
 * queued job stays queued until the test runs it.
 */

const EXEC = 'U0DEMOEXEC1';
const ADMIN = 'U0DEMOADMIN';

describe('the org-wide roll-up job', () => {
  const fixture = useRedis();

  it('is queued once while one is on its way, refreshes whoever waited, and again once stale', async () => {
    const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix });
    const services = buildParts({
      config,
      logger: createLogger({ level: 'silent' }),
      redis: fixture.redis,
      slack: { botToken: 'xoxb-offline', apiUrl: config.slack.apiUrl },
    });
    const queued = async () =>
      (await services.jobs.queue(nudgesQueue).getJobs(['waiting', 'delayed'])).filter(
        (job) => job.name === ORG_ROLLUP_JOB,
      ).length;
    try {
      const start = Date.now();
      expect(await orgRollupFor(services, EXEC, new Date(start))).toBeNull();
      expect(await orgRollupFor(services, ADMIN, new Date(start + 2 * 60_000))).toBeNull();
      expect(await queued()).toBe(1);

      const refreshed: string[] = [];
      await runOrgRollupJob({ ...services, refreshHome: async (id) => void refreshed.push(id) });
      expect(refreshed.sort()).toEqual([ADMIN, EXEC]);
      await services.jobs.queue(nudgesQueue).drain();

      // Fresh: shown, nothing asked for. Stale: still shown, and one new computation asked for.
      expect(await orgRollupFor(services, EXEC, new Date())).not.toBeNull();
      expect(await queued()).toBe(0);
      const later = new Date(Date.now() + ROLLUP_FRESH_MS + 60_000);
      expect(await orgRollupFor(services, EXEC, later)).not.toBeNull();
      expect(await orgRollupFor(services, ADMIN, new Date(later.getTime() + 60_000))).not.toBeNull();
      expect(await queued()).toBe(1);
    } finally {
      await services.jobs.close(1000);
    }
  });
});
