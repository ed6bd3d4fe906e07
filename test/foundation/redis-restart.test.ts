import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { startBullpen, type RunningBullpen } from '../../src/main.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { freePort, waitFor } from '../helpers/process.ts';
import { hasRedisServer, warnIfNoRedisServer } from '../helpers/redis-server.ts';

warnIfNoRedisServer('the Redis restart test');

function startRedis(port: number): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-redis-'));
  return spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

const readyStatus = async (url: string): Promise<number> => (await fetch(`${url}/readyz`)).status;

describe.skipIf(!hasRedisServer)('a Redis restart (needs the redis-server binary)', () => {
  let running: RunningBullpen | undefined;
  let redis: ChildProcess | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    if (redis) await stopRedis(redis);
  });

  it('turns readiness red, keeps the process up, and workers pick up jobs again afterwards', async () => {
    const port = await freePort();
    redis = startRedis(port);
    const config = loadConfig({
      PORT: '0',
      SLACK_SIMULATOR_PORT: '0',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    await waitFor(async () => {
      const probe = spawnSync('redis-cli', ['-p', String(port), 'ping']);
      return probe.stdout.toString().includes('PONG') ? true : undefined;
    }, 'redis-server');
    running = await startBullpen(config, createLogger({ level: 'silent' }));
    const app = running;
    await waitFor(async () => ((await readyStatus(app.url)) === 200 ? true : undefined), 'ready');

    await stopRedis(redis);
    await waitFor(async () => ((await readyStatus(app.url)) === 503 ? true : undefined), 'not ready');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    redis = startRedis(port);
    await waitFor(async () => ((await readyStatus(app.url)) === 200 ? true : undefined), 'ready again');
    // The sync worker reconnected: a job queued after the restart is processed.
    const job = await app.services.jobs.queue('sync').add('salesforce-sync', {}, { jobId: 'after-restart' });
    await waitFor(async () => ((await job.isCompleted()) ? true : undefined), 'job after restart');
    expect(await app.services.store.count('Lead')).toBeGreaterThan(0);
  });
});
