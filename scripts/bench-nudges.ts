// The stale-lead scan at scale: 100,000 open leads owned by 1,000 reps, stored in Redis as sync
// leaves them, digests delivered to the local Slack simulator. Reports scan time, delivery time,
// peak memory, and Slack calls made against the floor (one DM per rep with overdue leads).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { roundTheClockSla } from '@bullpen/demo-company';
import { loadConfig } from '../src/config.ts';
import { startNudgeJobs } from '../src/features/nudges/jobs.ts';
import { runNudgeScan } from '../src/features/nudges/app/scan.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import { generateDataset } from '@bullpen/salesforce-emulator';
import { syncedObjects, type SyncedObjectName } from '../src/platform/salesforce/records.ts';
import { startSlackSimulator } from '@bullpen/slack-simulator';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';
import type { RecordTypes } from '../src/shared/sync/synced-records.ts';
import { buildParts } from '../src/main.ts';

const LEADS = Number(process.env.BENCH_SCAN_LEADS ?? 100_000);
const REPS = 1_000;

const POLICY = YAML.stringify({ sla: roundTheClockSla });

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for digests');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function benchNudgeScan(): Promise<Record<string, number | string>> {
  const now = Date.now();
  const dataset = generateDataset({ now, leads: LEADS, reps: REPS, tasksPerLead: 0.5 });
  const people = dataset.User.filter((u) => typeof u['Email'] === 'string' && u['IsActive'] !== false).map(
    (u, index) => ({
      slackId: `UB${index.toString(36).toUpperCase().padStart(8, '0')}`,
      name: `${String(u['FirstName'] ?? '')} ${String(u['LastName'] ?? '')}`.trim(),
      email: String(u['Email']),
      title: String(u['Title'] ?? 'Rep'),
      timeZone: String(u['TimeZoneSidKey'] ?? 'UTC'),
    }),
  );
  const simulator = await startSlackSimulator({
    signingSecret: 'bench',
    botToken: 'xoxb-bench',
    workspace: { people, channels: [{ id: 'C0BENCH0001', name: 'sales' }] },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-nudges-'));
  writeFileSync(join(dir, 'policy.yml'), POLICY);
  const prefix = `bench-nudges-${process.pid}-${Date.now()}`;
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    BULLPEN_CONFIG: join(dir, 'policy.yml'),
  });
  const redis = createRedis(config.env.REDIS_URL, 'commands');
  const services = buildParts({
    config,
    logger: createLogger({ level: 'warn' }),
    redis,
    slack: { botToken: 'xoxb-bench', apiUrl: `${simulator.url}/api/` },
  });
  try {
    // The store as a sync leaves it.
    for (const object of ['User', 'Lead', 'Task', 'Event'] as SyncedObjectName[]) {
      const schema = syncedObjects[object] as unknown as z.ZodType<RecordTypes[typeof object]>;
      const rows = dataset[object];
      for (let start = 0; start < rows.length; start += 2000) {
        const page = rows.slice(start, start + 2000).map((row) => schema.parse(row));
        await services.store.applyPage(object, page);
      }
    }
    await services.people.matchAll();
    await startNudgeJobs(services);
    services.delivery.registerWorker();
    services.jobs.startWorkers();
    simulator.clearCalls();

    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const started = performance.now();
    const scan = await runNudgeScan(services, { now: new Date(now) });
    const scanSeconds = (performance.now() - started) / 1000;
    const expectedPosts = scan.repDigests.length + scan.escalations.length;
    await waitUntil(
      () => simulator.callsTo('chat.postMessage').filter((c) => c.httpStatus === 200).length >= expectedPosts,
      10 * 60_000,
    );
    const totalSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const byMethod = new Map<string, number>();
    for (const call of simulator.calls) byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
    const openLeads = dataset.Lead.filter((l) => l['IsConverted'] !== true && l['IsDeleted'] !== true).length;
    return {
      leads: LEADS,
      openLeads,
      reps: REPS,
      scanSeconds: Number(scanSeconds.toFixed(1)),
      deliveredSeconds: Number(totalSeconds.toFixed(1)),
      leadsPerSecond: Math.round(LEADS / scanSeconds),
      repDigests: scan.repDigests.length,
      escalations: scan.escalations.length,
      digestPosts: simulator.callsTo('chat.postMessage').length,
      digestPostsFloor: scan.repDigests.length + scan.escalations.length,
      slackCallsTotal: simulator.calls.length,
      slackCallsByMethod: [...byMethod.entries()].map(([m, n]) => `${m} ${n}`).join(', '),
      peakRssMb: Math.round(peakRss / 2 ** 20),
      rssGrowthMb: Math.round((peakRss - baseRss) / 2 ** 20),
    };
  } finally {
    await services.jobs.close(1000);
    await simulator.close();
    await deleteKeysWithPrefix(redis, `${prefix}:`);
    redis.disconnect();
  }
}
