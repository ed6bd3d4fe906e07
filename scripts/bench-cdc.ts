// Speed to lead: the time from a lead written in the emulator to the instant assignment alert that
// shows it in its rep's Slack DM, through the change stream (SF_CDC=auto) and through polling
// (SF_CDC=off at the shortest interval), and the Salesforce API calls an idle hour costs in each
// mode. The whole app runs in local mode in-process (as test/helpers/app.ts does): the emulator
// with the demo org and its Pub/Sub API, the Slack simulator, real Redis and BullMQ. Leads go
// round-robin to the demo company's reps, paced so that each lead is shown by an alert (see
// bench-alert-tracker.ts: a lead counts only when its own row is in the message).
import { demoPeople } from '@bullpen/demo-company';
import { loadConfig } from '../src/config.ts';
import { startBullpen, type RunningBullpen } from '../src/main.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import { syncedObjects } from '../src/platform/salesforce/records.ts';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';
import { readStreamHealth } from '../src/shared/sync/change-stream-state.ts';
import { requestSync, syncQueue } from '../src/shared/sync/sync-jobs.ts';
import { AlertTracker } from './bench-alert-tracker.ts';

const CDC_LEADS = Number(process.env.BENCH_CDC_LEADS ?? 1_000);
const POLLING_LEADS = Number(process.env.BENCH_POLLING_LEADS ?? 1_000);
/** Writes per second: 20/s with CDC; 5/s when polling, so a cycle brings each rep at most ~10. */
const CDC_RATE = 20;
const POLLING_RATE = 5;
/** The shortest polling interval bullpen allows (SF_SYNC_INTERVAL_SECONDS); the default is 120. */
const POLLING_SECONDS = 10;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OBJECTS = Object.keys(syncedObjects).length;
const CYCLE_FLOOR = Math.ceil(OBJECTS / 5);
const reps = demoPeople.filter((p) => p.role === 'rep');

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

type Mode = 'cdc' | 'polling';

interface ModeResult {
  p50Ms: number;
  p99Ms: number;
  notShown: number;
  idleWindowSeconds: number;
  idleWindowApiCalls: number;
  idleCycleApiCalls: number;
}

async function startApp(mode: Mode, prefix: string): Promise<RunningBullpen> {
  const config = loadConfig({
    PORT: '0',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SLACK_SIMULATOR_PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_MS: '1000',
    SF_CDC: mode === 'cdc' ? 'auto' : 'off',
    SF_SYNC_INTERVAL_SECONDS: String(POLLING_SECONDS),
  });
  const app = await startBullpen(config, createLogger({ level: 'silent' }));
  const { services } = app;
  await until(async () => (await services.store.count('Lead')) > 0, 'the back-fill');
  if (mode === 'cdc') {
    await until(async () => (await readStreamHealth(services))?.status === 'live', 'a live stream');
  }
  // Start-up work (people matching, the first scan's digests) settles before the clock starts.
  await sleep(5_000);
  return app;
}

/** Writes `leads` leads at `rate` per second; returns when each was written and for whom. */
async function writeLeads(app: RunningBullpen, leads: number, rate: number) {
  const emulator = app.emulator;
  if (!emulator) throw new Error('local mode did not start the emulator');
  const writtenAt = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  const start = Date.now();
  for (let i = 0; i < leads; i += 1) {
    const rep = reps[i % reps.length];
    if (!rep) throw new Error('the demo company has no reps');
    const lead = emulator.store.insert('Lead', {
      LastName: `Bench ${i}`,
      Company: 'Bench',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
      OwnerId: rep.salesforceId,
    });
    const id = String(lead['Id']);
    writtenAt.set(id, Date.now());
    ownerOf.set(id, rep.slackId);
    // Paced against the start, so time spent writing does not slow the rate down.
    const wait = start + ((i + 1) * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
  }
  return { writtenAt, ownerOf };
}

async function measureLatency(app: RunningBullpen, leads: number, rate: number) {
  const simulator = app.simulator;
  if (!simulator) throw new Error('local mode did not start the simulator');
  const { writtenAt, ownerOf } = await writeLeads(app, leads, rate);
  const tracker = new AlertTracker(simulator, ownerOf);
  const allShown = () => {
    tracker.scan();
    return tracker.count >= writtenAt.size;
  };
  await until(allShown, 'every lead in an alert', 180_000).catch((error: unknown) => {
    process.stderr.write(`${String(error)}; ${writtenAt.size - tracker.count} leads never shown\n`);
  });
  const latencies = [...writtenAt]
    .flatMap(([id, at]) => {
      const alerted = tracker.at(id);
      return alerted === undefined ? [] : [alerted - at];
    })
    .sort((a, b) => a - b);
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    notShown: writtenAt.size - latencies.length,
  };
}

/** API calls the emulator counted over an idle window, then over one idle sync cycle. */
async function measureIdle(app: RunningBullpen) {
  const emulator = app.emulator;
  if (!emulator) throw new Error('local mode did not start the emulator');
  const apiCalls = () => emulator.requests.filter((r) => r.api).length;
  await sleep(3_000);
  emulator.requests.length = 0;
  const windowStart = Date.now();
  await sleep(IDLE_SECONDS * 1000);
  const idleWindowApiCalls = apiCalls();
  const idleWindowSeconds = (Date.now() - windowStart) / 1000;

  // One idle cycle on its own: what each safety-net (CDC) or regular (polling) cycle costs. Any
  // scheduled cycle is let finish first so that only the requested one is counted.
  const { jobs } = app.services;
  const sync = jobs.queueNamed(syncQueue.name);
  await until(async () => (await sync.getJobCounts('active')).active === 0, 'an idle sync queue');
  emulator.requests.length = 0;
  const completed = async () => (await sync.getJobCounts('completed')).completed ?? 0;
  const before = await completed();
  await requestSync(jobs);
  await until(async () => (await completed()) > before, 'an idle sync cycle');
  return { idleWindowApiCalls, idleWindowSeconds, idleCycleApiCalls: apiCalls() };
}

async function runMode(mode: Mode, leads: number): Promise<ModeResult> {
  const prefix = `bench-cdc-${mode}-${process.pid}-${Date.now()}`;
  process.stderr.write(`cdc: ${mode}, ${leads} leads...\n`);
  const app = await startApp(mode, prefix);
  try {
    const latency = await measureLatency(app, leads, mode === 'cdc' ? CDC_RATE : POLLING_RATE);
    return { ...latency, ...(await measureIdle(app)) };
  } finally {
    await app.close();
    const redis = createRedis(REDIS_URL, 'commands');
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}

const perHour = (calls: number, seconds: number): number => Math.round((calls * 3600) / seconds);

export async function benchCdc(): Promise<Record<string, number | string>> {
  const cdc = await runMode('cdc', CDC_LEADS);
  const polling = await runMode('polling', POLLING_LEADS);
  const env = loadConfig({}).env;
  const poll = `polling every ${POLLING_SECONDS}s`;
  return {
    'CDC: leads written (20/s over 5 reps)': CDC_LEADS,
    'CDC: write to Slack alert p50 (ms)': cdc.p50Ms,
    'CDC: write to Slack alert p99 (ms)': cdc.p99Ms,
    'CDC: leads never shown in an alert': cdc.notShown,
    [`${poll}: leads written (5/s over 5 reps)`]: POLLING_LEADS,
    [`${poll}: write to Slack alert p50 (ms)`]: polling.p50Ms,
    [`${poll}: write to Slack alert p99 (ms)`]: polling.p99Ms,
    [`${poll}: leads never shown in an alert`]: polling.notShown,
    'synced objects': OBJECTS,
    [`API calls per idle polling cycle (floor ceil(${OBJECTS}/5) = ${CYCLE_FLOOR})`]:
      polling.idleCycleApiCalls,
    [`${poll}: API calls in a ${Math.round(polling.idleWindowSeconds)}s idle window`]:
      polling.idleWindowApiCalls,
    [`${poll}: API calls per idle hour (floor ${CYCLE_FLOOR * (3600 / POLLING_SECONDS)})`]: perHour(
      polling.idleWindowApiCalls,
      polling.idleWindowSeconds,
    ),
    [`polling every ${env.SF_SYNC_INTERVAL_SECONDS}s (default): API calls per idle hour, from the cycle (floor ${CYCLE_FLOOR * (3600 / env.SF_SYNC_INTERVAL_SECONDS)})`]:
      polling.idleCycleApiCalls * (3600 / env.SF_SYNC_INTERVAL_SECONDS),
    [`CDC: API calls in a ${Math.round(cdc.idleWindowSeconds)}s idle window (stream, floor 0)`]:
      cdc.idleWindowApiCalls,
    'CDC: API calls per idle hour, stream (floor 0)': perHour(cdc.idleWindowApiCalls, cdc.idleWindowSeconds),
    [`CDC: API calls per idle hour, stream + safety net every ${env.SF_CDC_SAFETY_NET_SECONDS}s`]:
      perHour(cdc.idleWindowApiCalls, cdc.idleWindowSeconds) +
      cdc.idleCycleApiCalls * (3600 / env.SF_CDC_SAFETY_NET_SECONDS),
  };
}
