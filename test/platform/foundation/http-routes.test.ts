import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';
import { startSlackStandIn, type StandIn } from '../../helpers/stand-ins.ts';

/**
 * bullpen in HTTP mode behind a load balancer that probes whatever it likes: requests bullpen does
 * not serve get 404, a wrong method on a route it serves gets 405, and the process stays up.
 */

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** node:http rather than fetch: fetch refuses some methods and bodies a prober may well send. */
function send(port: number, method: string, path: string): Promise<{ status: number; allow?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ...(res.headers.allow ? { allow: res.headers.allow } : {}) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('requests bullpen does not serve (HTTP mode)', () => {
  let slack: StandIn;
  let cli: RunningCli;
  let port: number;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    port = await freePort();
    cli = runCli(['start'], {
      PORT: String(port),
      ROLE: 'web',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `bptest-routes-${port}`,
      SLACK_BOT_TOKEN: 'xoxb-routes-test',
      SLACK_SIGNING_SECRET: 'routes-secret',
      SLACK_API_URL: `${slack.url}/api/`,
      BULLPEN_LOCAL_SALESFORCE: '1',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    await waitFor(
      async () => ((await send(port, 'GET', '/readyz')).status === 200 ? true : undefined),
      'bullpen ready',
    );
  }, 60_000);

  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await slack.close();
  });

  it('answers every method on /, /slack/events and an unknown path, and stays up', async () => {
    const answers: Record<string, number> = {};
    for (const path of ['/', '/favicon.ico', '/slack/events', '/anything/else']) {
      for (const method of METHODS) {
        const { status, allow } = await send(port, method, path);
        answers[`${method} ${path}`] = status;
        if (status === 405) expect(allow).toBe('POST');
      }
    }
    for (const method of METHODS) {
      expect(answers[`${method} /`]).toBe(404);
      expect(answers[`${method} /favicon.ico`]).toBe(404);
      expect(answers[`${method} /anything/else`]).toBe(404);
      // An unsigned POST is Slack's route refusing the signature; every other method is the wrong one.
      expect(answers[`${method} /slack/events`]).toBe(method === 'POST' ? 401 : 405);
    }
    expect(cli.child.exitCode).toBeNull();
    expect((await send(port, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers HEAD on the health routes and 405 for other methods there', async () => {
    expect((await send(port, 'HEAD', '/healthz')).status).toBe(200);
    const post = await send(port, 'POST', '/healthz');
    expect(post.status).toBe(405);
    expect(post.allow).toBe('GET, HEAD');
    expect((await send(port, 'DELETE', '/metrics')).status).toBe(405);
    expect(cli.child.exitCode).toBeNull();
  });
});
