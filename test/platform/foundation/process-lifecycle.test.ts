import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';

/**
 * bullpen started and stopped the way production runs it: through `npm start`, signalled by a
 * process manager, with Slack, Salesforce or Redis out of reach. The waits below are bounds that
 * stop a hang from hanging the suite (an orphan or a process kept alive by a retrying client would
 * sit there for ~30 minutes); none of them measures speed.
 */

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
// Under `npm test`, npm says where it is; otherwise the npm beside this node.
const NPM_CLI = process.env['npm_execpath'];
const EXIT_BOUND_MS = 25_000;
vi.setConfig({ testTimeout: 90_000 });

const baseEnv = (port: number): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  PORT: String(port),
  SLACK_SIMULATOR_PORT: '0',
  REDIS_URL: TEST_REDIS_URL,
  REDIS_PREFIX: `bptest-life-${port}`,
  SHUTDOWN_TIMEOUT_MS: '1000',
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid bullpen's own process logs (pino stamps every line with it). */
function loggedPid(output: string): number | undefined {
  for (const line of output.split('\n')) {
    const match = /^\{.*"pid":(\d+)/.exec(line);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

async function healthy(port: number): Promise<true | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return res.status === 200 ? true : undefined;
}

/** A child's output reaches this process on its own schedule: wait for a line, do not race it. */
const logged = (cli: RunningCli, text: string) =>
  waitFor(async () => (cli.output().includes(text) ? true : undefined), `"${text}" in the output`);

function exitWithin(cli: RunningCli, what: string) {
  return Promise.race([
    cli.exited,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`${what} did not exit`)), EXIT_BOUND_MS).unref(),
    ),
  ]);
}

const children: ChildProcess[] = [];
const servers: { server: Server; sockets: Socket[] }[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

function npmStart(env: Record<string, string>): RunningCli {
  let out = '';
  const [command, args] = NPM_CLI ? [process.execPath, [NPM_CLI, 'start']] : ['npm', ['start']];
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

function startCli(env: Record<string, string>): RunningCli {
  const cli = runCli(['start'], env);
  children.push(cli.child);
  return cli;
}

/** A TCP server that accepts connections and never answers: a hung Slack or Salesforce. */
async function silentServer(): Promise<number> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('npm start under a process manager', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the whole process tree on ${signal}, with a graceful shutdown`, async () => {
      const port = await freePort();
      const npm = npmStart(baseEnv(port));
      await waitFor(() => healthy(port), '/healthz');
      const pid = await waitFor(async () => loggedPid(npm.output()), "bullpen's pid in its log");
      expect(pid).not.toBe(npm.child.pid);

      npm.child.kill(signal);
      await exitWithin(npm, 'npm start');
      await waitFor(async () => (isAlive(pid) ? undefined : true), 'bullpen to exit');
      await logged(npm, 'shutdown complete');
    });
  }
});

describe('bullpen start', () => {
  it('serves /healthz while start-up waits for Redis, and stops gracefully on SIGTERM then', async () => {
    const port = await freePort();
    const deadRedis = await freePort();
    const cli = startCli({ ...baseEnv(port), REDIS_URL: `redis://127.0.0.1:${deadRedis}` });
    await waitFor(() => healthy(port), '/healthz during start-up');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);

    cli.child.kill('SIGTERM');
    const { code, signal } = await exitWithin(cli, 'bullpen');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await logged(cli, 'shutdown complete');
  });

  it('exits after SIGTERM when Slack never answers (no client keeps retrying)', async () => {
    const port = await freePort();
    const hungSlack = await silentServer();
    const cli = startCli({
      ...baseEnv(port),
      ROLE: 'web',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'test-secret',
      SLACK_API_URL: `http://127.0.0.1:${hungSlack}/api/`,
      BULLPEN_LOCAL_SALESFORCE: '1',
    });
    await waitFor(() => healthy(port), '/healthz');
    cli.child.kill('SIGTERM');
    const { code } = await exitWithin(cli, 'bullpen with a hung Slack');
    expect(code).toBe(0);
  });

  it('exits after SIGTERM when Slack refuses connections', async () => {
    const port = await freePort();
    const deadSlack = await freePort();
    const cli = startCli({
      ...baseEnv(port),
      ROLE: 'web',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'test-secret',
      SLACK_API_URL: `http://127.0.0.1:${deadSlack}/api/`,
      BULLPEN_LOCAL_SALESFORCE: '1',
    });
    await waitFor(() => healthy(port), '/healthz');
    cli.child.kill('SIGTERM');
    const { code } = await exitWithin(cli, 'bullpen with Slack unreachable');
    expect(code).toBe(0);
  });

  it('exits after SIGTERM when Salesforce login never answers', async () => {
    const port = await freePort();
    const hungSalesforce = await silentServer();
    const cli = startCli({
      ...baseEnv(port),
      ROLE: 'worker',
      SF_AUTH: 'client_credentials',
      SF_CLIENT_ID: 'client-id',
      SF_CLIENT_SECRET: 'client-secret',
      SF_LOGIN_URL: `http://127.0.0.1:${hungSalesforce}`,
      BULLPEN_LOCAL_SLACK: '1',
    });
    await waitFor(() => healthy(port), '/healthz');
    cli.child.kill('SIGTERM');
    const { code } = await exitWithin(cli, 'bullpen with a hung Salesforce');
    expect(code).toBe(0);
    await logged(cli, 'shutdown complete');
  });
});

function nonLoopbackIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

const reachable = async (host: string, port: number): Promise<boolean> =>
  fetch(`http://${host}:${port}/healthz`).then(
    (res) => res.status === 200,
    () => false,
  );

describe.skipIf(!nonLoopbackIPv4())('the HTTP server address (needs a non-loopback interface)', () => {
  it('binds 127.0.0.1 in local mode and says so; HOST=0.0.0.0 opens it to other interfaces', async () => {
    const lan = nonLoopbackIPv4() ?? '';
    // This machine's own address, not the internet: the test setup only lets loopback through.
    nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) || host.startsWith(lan));
    const port = await freePort();
    const local = startCli(baseEnv(port));
    await waitFor(() => healthy(port), '/healthz');
    await logged(local, `listening on http://127.0.0.1:${port}`);
    expect(await reachable(lan, port)).toBe(false);
    local.child.kill('SIGTERM');
    await exitWithin(local, 'bullpen');

    const openPort = await freePort();
    const open = startCli({ ...baseEnv(openPort), HOST: '0.0.0.0' });
    await waitFor(() => healthy(openPort), '/healthz');
    await logged(open, `listening on http://0.0.0.0:${openPort}`);
    expect(await reachable(lan, openPort)).toBe(true);
    open.child.kill('SIGTERM');
    await exitWithin(open, 'bullpen');
  });
});
