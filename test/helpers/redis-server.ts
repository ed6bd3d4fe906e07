import { spawnSync } from 'node:child_process';

/** Tests that stop and start Redis run their own redis-server; the shared one is never touched. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export function warnIfNoRedisServer(what: string): void {
  if (!hasRedisServer) {
    console.warn(
      `Skipping ${what}: the redis-server binary is not on PATH (apt-get install redis-server; .ci/run installs it).`,
    );
  }
}
