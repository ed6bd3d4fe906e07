import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';

/**
 * A bot token revoked (or mistyped) in production: Slack answers every Web API call with
 * invalid_auth. bullpen must stay up and say so (not ready, and why) instead of dying with a stack
 * that a process manager then restarts in a loop. The waits are bounds against a hang, not timings.
 */

const children: RunningCli[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const cli of children.splice(0)) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A Slack Web API that refuses the token on every method, as Slack does for a revoked one. */
async function refusingSlack(): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://127.0.0.1:${port}/api/`;
}

interface Readiness {
  status: string;
  checks: { name: string; ok: boolean; detail: string }[];
}

describe('a revoked Slack bot token at start-up', () => {
  it('keeps bullpen up but not ready, and doctor says why and how to fix it', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      ROLE: 'web',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `bptest-revoked-${port}`,
      SLACK_BOT_TOKEN: 'xoxb-revoked-token',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SLACK_API_URL: await refusingSlack(),
      BULLPEN_LOCAL_SALESFORCE: '1',
      SHUTDOWN_TIMEOUT_MS: '1000',
    };
    const cli = runCli(['start'], env);
    children.push(cli);

    const readiness = await waitFor(async () => {
      if (cli.child.exitCode !== null) throw new Error(`bullpen exited:\n${cli.output()}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await res.json()) as Readiness;
      return body.checks.some((c) => c.name === 'slack') ? { status: res.status, body } : undefined;
    }, 'the slack readiness check');
    expect(readiness.status).toBe(503);
    const slack = readiness.body.checks.find((c) => c.name === 'slack');
    expect(slack?.ok).toBe(false);
    expect(slack?.detail).toMatch(/refused/i);
    expect(slack?.detail).toContain('invalid_auth');

    // Bolt's own token check has answered by now; the process is still serving.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(cli.child.exitCode).toBeNull();
    // Only structured log lines: no raw stack from an unhandled rejection.
    const raw = cli
      .output()
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('{'));
    expect(raw).toEqual([]);

    const doctor = runCli(['doctor'], env);
    children.push(doctor);
    const { code } = await doctor.exited;
    expect(code).toBe(1);
    const slackLines = doctor.output().slice(doctor.output().search(/FAIL\s+slack/));
    expect(slackLines).toMatch(/FAIL\s+slack\s+.*refused.*invalid_auth/);
    expect(slackLines).toMatch(/fix: .*SLACK_BOT_TOKEN/);

    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
