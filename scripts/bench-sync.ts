import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { demoIntegrationUser } from '@bullpen/demo-company';
import { createLogger } from '../src/platform/http/logger.ts';
import { createSync } from '../src/shared/sync/sync-jobs.ts';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';
import { buildParts } from '../src/main.ts';

export interface SyncBenchResult {
  leads: number;
  tasks: number;
  mode: 'rest' | 'bulk';
  rows: number;
  seconds: number;
  recordsPerSecond: number;
  apiCalls: number;
  apiCallsFloor: number;
  peakRssMb: number;
  rssGrowthMb: number;
  peakHeapMb: number;
  redisMemoryMb: number;
}

async function startEmulatorProcess(options: { leads: number; tasksPerLead: number; reps: number }) {
  const script = fileURLToPath(new URL('./emulator-server.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, stop: () => child.stdin.end() };
}

/** One first-run sync of a generated org, in REST paging or Bulk API 2.0 mode. */
export async function benchSync(
  leads: number,
  tasksPerLead: number,
  mode: 'rest' | 'bulk',
): Promise<SyncBenchResult> {
  const emulator = await startEmulatorProcess({
    leads,
    tasksPerLead,
    reps: Math.max(10, Math.round(leads / 100)),
  });
  const prefix = `bench-sync-${process.pid}-${Date.now()}`;
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    SF_CLIENT_ID: demoIntegrationUser.clientId,
    SF_CLIENT_SECRET: demoIntegrationUser.clientSecret,
    SF_USERNAME: demoIntegrationUser.username,
    SF_PASSWORD: demoIntegrationUser.password,
    SF_LOGIN_URL: emulator.url,
    BULLPEN_LOCAL_SLACK: '1', // a real-org login against the emulator, no Slack: on purpose
    SF_LOOKBACK_DAYS: '3650',
    SF_BULK_THRESHOLD: mode === 'bulk' ? '10000' : '100000000',
  });
  const redis = createRedis(config.env.REDIS_URL, 'commands');
  const services = buildParts({
    config,
    logger: createLogger({ level: 'warn' }),
    redis,
    slack: { botToken: 'xoxb-bench', apiUrl: 'http://127.0.0.1:9/api/' },
  });
  try {
    await services.salesforce.start();
    const conn = await services.salesforce.connection();
    const usedBefore = conn.limitInfo?.apiUsage?.used ?? 0;
    const redisBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 25);
    const started = performance.now();
    const report = await createSync(services, conn).syncOnce();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const redisAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const rows = report.objects.reduce((sum, o) => sum + o.stored, 0);
    // The floor: one call per 2,000 rows per object for REST; for a bulk object, creating the job,
    // one status poll and one call per 50,000-row results page, plus the first REST page that
    // revealed the size.
    const apiCallsFloor =
      1 /* hourly LeadStatus read */ +
      report.objects.reduce((sum, o) => {
        if (o.mode === 'bulk') return sum + 1 + 2 + Math.ceil(o.stored / 50_000);
        return sum + Math.max(1, Math.ceil(o.stored / 2000));
      }, 0);
    return {
      leads,
      tasks: Math.round(leads * tasksPerLead),
      mode,
      rows,
      seconds: Number(seconds.toFixed(1)),
      recordsPerSecond: Math.round(rows / seconds),
      apiCalls: (conn.limitInfo?.apiUsage?.used ?? 0) - usedBefore,
      apiCallsFloor,
      peakRssMb: Math.round(peakRss / 2 ** 20),
      rssGrowthMb: Math.round((peakRss - baseRss) / 2 ** 20),
      peakHeapMb: Math.round(peakHeap / 2 ** 20),
      redisMemoryMb: Math.round((redisAfter - redisBefore) / 2 ** 20),
    };
  } finally {
    await services.jobs.close(500);
    await services.salesforce.close();
    emulator.stop();
    await deleteKeysWithPrefix(redis, `${prefix}:`);
    redis.disconnect();
  }
}
