// `bullpen start` in local mode (no credentials: embedded Salesforce emulator with the demo org,
// Slack simulator, real Redis) from spawning the process to the first 200 from /healthz and from
// /readyz. Each run gets free ports and its own REDIS_PREFIX, deleted afterwards.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';

const RUNS = 5;
const BIN = fileURLToPath(new URL('../bin/bullpen.mjs', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Only stops a hung start: the benchmark reports how long it took, whatever that is. */
const GIVE_UP_MS = 120_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function answers200(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false; // not listening yet
  }
}

async function msUntil200(url: string, started: number): Promise<number> {
  while (!(await answers200(url))) {
    if (performance.now() - started > GIVE_UP_MS) throw new Error(`${url} never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

async function oneStart(run: number): Promise<{ healthz: number; readyz: number }> {
  const port = await freePort();
  const prefix = `bench-start-${process.pid}-${run}`;
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      SLACK_SIMULATOR_PORT: String(await freePort()),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const healthz = await msUntil200(`http://127.0.0.1:${port}/healthz`, started);
    const readyz = await msUntil200(`http://127.0.0.1:${port}/readyz`, started);
    return { healthz, readyz };
  } finally {
    child.kill('SIGTERM');
    await exited;
    const redis = createRedis(REDIS_URL, 'commands');
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}

export async function benchStartup(): Promise<Record<string, number | string>> {
  const healthz: number[] = [];
  const readyz: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = await oneStart(run);
    healthz.push(result.healthz);
    readyz.push(result.readyz);
  }
  const seconds = (values: number[], at: number) =>
    Math.round((values.sort((a, b) => a - b)[at] ?? 0) / 10) / 100;
  return {
    runs: RUNS,
    healthzMedianSeconds: seconds(healthz, Math.floor(RUNS / 2)),
    healthzSlowestSeconds: seconds(healthz, RUNS - 1),
    readyzMedianSeconds: seconds(readyz, Math.floor(RUNS / 2)),
    readyzSlowestSeconds: seconds(readyz, RUNS - 1),
  };
}
