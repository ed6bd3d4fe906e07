import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCli } from './process.ts';
import { waitFor } from './process.ts';

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for the Slack Web API that a child process can reach (nock only works in-process):
 * every method answers ok, auth.test with a bot and a team.
 */
export async function startSlackStandIn(): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: true,
          user: 'bullpen',
          team: 'Stand-in',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
          team_id: 'T0STANDIN',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface OwnRedis {
  port: number;
  stop(): Promise<void>;
}

/** A private redis-server on `port` (extra arguments e.g. --requirepass), ready when this resolves. */
export async function startOwnRedis(port: number, args: string[] = []): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-redis-'));
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, ...args],
    { stdio: 'ignore' },
  );
  await waitFor(async () => {
    const probe = spawnSync('redis-cli', ['-p', String(port), 'ping']);
    // With --requirepass an unauthenticated PING answers NOAUTH: the server is up either way.
    return /PONG|NOAUTH/.test(probe.stdout.toString()) ? true : undefined;
  }, 'redis-server');
  return {
    port,
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    },
  };
}

/**
 * The exit code if the process exits within `ms`, otherwise 'still running' (and the process is
 * stopped): a start-up that should refuse must not leave a server behind when it does not.
 */
export async function exitCodeWithin(cli: RunningCli, ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  const outcome = await Promise.race([cli.exited.then((e) => e.code), timeout]);
  clearTimeout(timer);
  if (outcome === 'still running') {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
  return outcome;
}
