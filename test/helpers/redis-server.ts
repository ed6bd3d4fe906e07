import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './process.ts';

/** Tests that stop and start Redis run their own redis-server; the shared one is never touched. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export function warnIfNoRedisServer(what: string): void {
  if (!hasRedisServer) {
    console.warn(
      `Skipping ${what}: the redis-server binary is not on PATH (apt-get install redis-server; .ci/run installs it).`,
    );
  }
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
