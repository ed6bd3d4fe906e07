// Seen in seconds: the time from a lead written in the emulator to its lead.created domain event
// (what alerts and nudges act on), through the change stream and through polling, and the
// Salesforce API calls an idle hour costs in each mode. The emulator runs in-process with its
// Pub/Sub API; Redis and BullMQ are real.
import { demoIntegrationUser, demoRepIds } from '@bullpen/demo-company';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import { DOMAIN_EVENT_JOB, DomainEventBus } from '../src/platform/jobs/event-bus.ts';
import { defineQueue } from '../src/platform/jobs/queue-spec.ts';
import { JobRuntime } from '../src/platform/jobs/runtime.ts';
import { createRedis, deleteKeysWithPrefix, keyspace } from '../src/platform/redis.ts';
import { passwordTarget, SalesforceGateway } from '../src/platform/salesforce/gateway.ts';
import { ChangeStreamConsumer } from '../src/shared/sync/change-stream.ts';
import { readStreamHealth } from '../src/shared/sync/change-stream-state.ts';
import { domainEventId, type DomainEvent } from '../src/shared/sync/domain-events.ts';
import { registerSalesforceJobs, requestSync, syncQueue } from '../src/shared/sync/sync-jobs.ts';
import { SyncedRecordStore } from '../src/shared/sync/synced-records.ts';

const CDC_LEADS = Number(process.env.BENCH_CDC_LEADS ?? 1_000);
const POLLING_LEADS = Number(process.env.BENCH_POLLING_LEADS ?? 200);
/** The shortest polling interval bullpen allows (SF_SYNC_INTERVAL_SECONDS); the default is 120. */
const POLLING_SECONDS = 10;
const logger = createLogger({ level: 'silent' });
const eventsQueue = defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('bench-cdc-events');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface ModeResult {
  p50Ms: number;
  p99Ms: number;
  idleCycleApiCalls: number;
}

async function runMode(mode: 'cdc' | 'polling', leads: number): Promise<ModeResult> {
  const emulator: SalesforceEmulator = await startSalesforceEmulator({ seed: 'demo', pubsub: true });
  const prefix = `bench-cdc-${mode}-${process.pid}-${Date.now()}`;
  const env = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
  }).env;
  const config = {
    env: {
      ...env,
      SF_CDC: mode === 'cdc' ? ('auto' as const) : ('off' as const),
      SF_SYNC_INTERVAL_SECONDS: POLLING_SECONDS,
    },
    policy: {
      sla: {
        statuses: {
          open: ['Open - Not Contacted', 'Working - Contacted'],
          untouched: ['Open - Not Contacted'],
          disqualified: 'Closed - Not Converted',
        },
      },
    },
  };
  const redis = createRedis(env.REDIS_URL, 'commands');
  const keys = keyspace(prefix);
  const store = new SyncedRecordStore(redis, keys);
  const jobs = new JobRuntime({ redisUrl: env.REDIS_URL, prefix, logger });
  const bus = new DomainEventBus<DomainEvent>(jobs, domainEventId);
  const seenAt = new Map<string, number>();
  bus.subscribe(eventsQueue);
  jobs.process(eventsQueue, {
    [DOMAIN_EVENT_JOB]: async (job) => {
      const event = job.data;
      if (event.type === 'lead.created' && !seenAt.has(event.leadId)) seenAt.set(event.leadId, Date.now());
    },
  });
  jobs.declare(syncQueue);
  const salesforce = new SalesforceGateway({ mode: 'emulator', apiVersion: '64.0' }, logger);
  await salesforce.start({
    target: passwordTarget(demoIntegrationUser, emulator.url, '64.0'),
    pubsub: { address: emulator.pubsubAddress ?? '', plaintext: true },
    close: async () => {},
  });
  const parts = { config, store, redis, keys, bus, logger, jobs };
  await registerSalesforceJobs({
    ...parts,
    salesforce,
    people: { matchAll: async () => ({ matched: 0, unmatched: [], lookups: 0 }) },
  });
  jobs.startWorkers();
  await until(async () => (await store.count('Lead')) > 0, 'the back-fill');
  const consumer = new ChangeStreamConsumer({ ...parts, salesforce });
  await consumer.start();
  if (mode === 'cdc')
    await until(async () => (await readStreamHealth({ redis, keys }))?.status === 'live', 'live');
  await sleep(2_000);

  const writtenAt = new Map<string, number>();
  const spacingMs = mode === 'cdc' ? 20 : Math.ceil((POLLING_SECONDS * 1000 * 2) / leads);
  for (let i = 0; i < leads; i += 1) {
    const lead = emulator.store.insert('Lead', {
      LastName: `Bench ${i}`,
      Company: 'Bench',
      OwnerId: demoRepIds[i % demoRepIds.length],
    });
    writtenAt.set(String(lead['Id']), Date.now());
    await sleep(spacingMs);
  }
  await until(() => [...writtenAt.keys()].every((id) => seenAt.has(id)), 'every lead.created', 300_000);
  const latencies = [...writtenAt]
    .map(([id, at]) => (seenAt.get(id) ?? Number.NaN) - at)
    .sort((a, b) => a - b);

  // One idle polling cycle: what each safety-net (CDC) or regular (polling) cycle costs.
  await sleep(2_000);
  emulator.requests.length = 0;
  const completed = async () =>
    (await jobs.queueNamed(syncQueue.name).getJobCounts('completed')).completed ?? 0;
  const before = await completed();
  await requestSync(jobs);
  await until(async () => (await completed()) > before, 'an idle sync cycle');
  const idleCycleApiCalls = emulator.requests.filter((r) => r.api).length;

  await consumer.stop();
  await jobs.close(1000);
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await emulator.close();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), idleCycleApiCalls };
}

export async function benchCdc(): Promise<Record<string, number | string>> {
  const cdc = await runMode('cdc', CDC_LEADS);
  const polling = await runMode('polling', POLLING_LEADS);
  const env = loadConfig({}).env;
  return {
    'CDC: leads written': CDC_LEADS,
    'CDC: write to lead.created p50 (ms)': cdc.p50Ms,
    'CDC: write to lead.created p99 (ms)': cdc.p99Ms,
    [`polling every ${POLLING_SECONDS}s: leads written`]: POLLING_LEADS,
    [`polling every ${POLLING_SECONDS}s: write to lead.created p50 (ms)`]: polling.p50Ms,
    [`polling every ${POLLING_SECONDS}s: write to lead.created p99 (ms)`]: polling.p99Ms,
    'API calls per idle polling cycle': polling.idleCycleApiCalls,
    [`API calls per idle hour, polling every ${env.SF_SYNC_INTERVAL_SECONDS}s (default)`]:
      polling.idleCycleApiCalls * (3600 / env.SF_SYNC_INTERVAL_SECONDS),
    [`API calls per idle hour, CDC (stream 0 + safety net every ${env.SF_CDC_SAFETY_NET_SECONDS}s)`]:
      cdc.idleCycleApiCalls * (3600 / env.SF_CDC_SAFETY_NET_SECONDS),
  };
}
