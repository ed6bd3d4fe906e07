import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { startBullpen, type RunningBullpen } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { freePort, waitFor } from '../../helpers/process.ts';
import {
  hasRedisServer,
  startOwnRedis,
  warnIfNoRedisServer,
  type OwnRedis,
} from '../../helpers/redis-server.ts';

warnIfNoRedisServer('the Redis restart test');

const readyStatus = async (url: string): Promise<number> => (await fetch(`${url}/readyz`)).status;

describe.skipIf(!hasRedisServer)('a Redis restart (needs the redis-server binary)', () => {
  let running: RunningBullpen | undefined;
  let redis: OwnRedis | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await redis?.stop();
  });

  it('turns readiness red, keeps the process up, and workers pick up jobs again afterwards', async () => {
    const port = await freePort();
    redis = await startOwnRedis(port);
    const config = loadConfig({
      PORT: '0',
      SLACK_SIMULATOR_PORT: '0',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    running = await startBullpen(config, createLogger({ level: 'silent' }));
    const app = running;
    await waitFor(async () => ((await readyStatus(app.url)) === 200 ? true : undefined), 'ready');

    await redis.stop();
    await waitFor(async () => ((await readyStatus(app.url)) === 503 ? true : undefined), 'not ready');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    redis = await startOwnRedis(port);
    await waitFor(async () => ((await readyStatus(app.url)) === 200 ? true : undefined), 'ready again');
    // The sync worker reconnected: a job queued after the restart is processed.
    // Readiness pings on the app's own connection; BullMQ's producer connection (offline queue off,
    // so it fails fast instead of buffering) may reconnect a moment later on a loaded machine.
    const job = await waitFor(
      () =>
        app.services.jobs
          .queueNamed('sync')
          .add('salesforce-sync', {}, { jobId: 'after-restart' })
          .catch(() => undefined),
      'the sync queue taking a job after the restart',
    );
    await waitFor(async () => ((await job.isCompleted()) ? true : undefined), 'job after restart');
    expect(await app.services.store.count('Lead')).toBeGreaterThan(0);
  });
});
