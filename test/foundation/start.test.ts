import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort, runCli, waitFor } from '../helpers/process.ts';
import { TEST_REDIS_URL } from '../helpers/redis.ts';

async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

describe('bullpen start', () => {
  it('starts without credentials, serves /healthz within 10 s, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const started = Date.now();
    const cli = runCli(['start'], {
      PORT: String(port),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `bptest-start-${port}`,
    });
    try {
      const health = await waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          return res.status === 200 ? ((await res.json()) as { status: string }) : undefined;
        },
        10_000,
        '/healthz',
      );
      expect(health.status).toBe('ok');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(cli.output()).toMatch(/Slack: local mode/);
      expect(cli.output()).toMatch(/Salesforce: local mode/);

      // Liveness comes first; readiness follows once start-up (sync login, job registration) is done.
      await waitFor(
        async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
        10_000,
        '/readyz 200',
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/bullpen_http_requests_total\{.*route="\/healthz"/);
    } finally {
      const stopAt = Date.now();
      cli.child.kill('SIGTERM');
      const { code } = await cli.exited;
      expect(code).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(10_000);
    }
    expect(cli.output()).toMatch(/shutdown complete/);
    await dropKeys(`bptest-start-${port}`);
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
      ROLE: 'web',
    });
    try {
      const body = await waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/readyz`);
          return res.status === 503
            ? ((await res.json()) as { checks: { name: string; ok: boolean }[] })
            : undefined;
        },
        10_000,
        '/readyz 503',
      );
      expect(body.checks).toContainEqual(expect.objectContaining({ name: 'redis', ok: false }));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    }
  });
});
