import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';

async function stop(cli: RunningCli) {
  cli.child.kill('SIGTERM');
  return cli.exited;
}

async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

describe('bullpen start', () => {
  it('starts without credentials, serves /healthz, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const prefix = `bptest-start-${randomUUID().slice(0, 8)}`;
    // Every port free, the simulator's too (its default 3001 would collide with a second copy).
    const cli = runCli(['start'], {
      PORT: String(port),
      SLACK_SIMULATOR_PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
    });
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    try {
      const health = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.status === 200 ? ((await res.json()) as { status: string }) : undefined;
      }, '/healthz');
      expect(health.status).toBe('ok');
      // The child's lines reach this process on their own schedule: wait for them, do not race them.
      await waitFor(
        async () => (/Slack: local mode[\s\S]*Salesforce: local mode/.test(cli.output()) ? true : undefined),
        'the mode lines in the log',
      );

      // Liveness comes first; readiness follows once start-up (sync login, job registration) is done.
      await waitFor(
        async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
        '/readyz 200',
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/bullpen_http_requests_total\{.*route="\/healthz"/);
    } finally {
      // No assertion here: it would replace the real failure (a wait that gave up) with its own.
      exit = await stop(cli);
      await dropKeys(prefix);
    }
    expect(exit.code).toBe(0);
    expect(cli.output()).toMatch(/shutdown complete/);
  });

  it('exits non-zero naming each invalid variable', async () => {
    const cli = runCli(['start'], { PORT: 'abc', REDIS_URL: 'nope' });
    const { code } = await cli.exited;
    expect(code).not.toBe(0);
    expect(cli.output()).toMatch(/PORT: expected a whole number/);
    expect(cli.output()).toMatch(/REDIS_URL: expected a redis:\/\//);
  });

  it('reports not-ready while Redis is unreachable, without crashing', async () => {
    const port = await freePort();
    const deadRedis = await freePort();
    const cli = runCli(['start'], {
      PORT: String(port),
      REDIS_URL: `redis://127.0.0.1:${deadRedis}`,
      SLACK_SIMULATOR_PORT: '0',
      ROLE: 'web',
    });
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    try {
      const body = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        return res.status === 503
          ? ((await res.json()) as { checks: { name: string; ok: boolean }[] })
          : undefined;
      }, '/readyz 503');
      expect(body.checks).toContainEqual(expect.objectContaining({ name: 'redis', ok: false }));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      exit = await stop(cli);
    }
    expect(exit.code).toBe(0);
  });
});
