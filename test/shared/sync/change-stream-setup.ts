import nock from 'nock';
import { demoRepIds } from '@bullpen/demo-company';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadConfig } from '../../../src/config.ts';
import { DOMAIN_EVENT_JOB, DomainEventBus } from '../../../src/platform/jobs/event-bus.ts';
import { defineQueue } from '../../../src/platform/jobs/queue-spec.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { passwordTarget, SalesforceGateway } from '../../../src/platform/salesforce/gateway.ts';
import { ChangeStreamConsumer } from '../../../src/shared/sync/change-stream.ts';
import { domainEventId, type DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { registerSalesforceJobs, SYNC_SCHEDULER_ID, syncQueue } from '../../../src/shared/sync/sync-jobs.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { demoIntegrationUser } from '@bullpen/demo-company';
import { TEST_REDIS_URL, type RedisFixture } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/process.ts';

/**
 * The change stream against the emulator's Pub/Sub API with real Redis and real BullMQ: the sync
 * job registered as in production (so catch-ups really query), domain events on a test queue.
 *
 * nock (test/helpers/setup.ts) reads every socket's first bytes as HTTP/1 and takes the HTTP/2
 * preface ("PRI * HTTP/2.0") for a request, which hangs gRPC: these tests pause it; they reach only
 * the local emulator.
 */

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
export const repId = demoRepIds[0] ?? '';
const eventsQueue = defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('cdc-test-events');

export interface StreamWorld {
  emulator: SalesforceEmulator;
  store: SyncedRecordStore;
  jobs: JobRuntime;
  consumer(options?: { leaseMs?: number }): ChangeStreamConsumer;
  /** lead.created events published for this lead so far. */
  createdEvents(leadId: string): Promise<number>;
  syncRuns(): Promise<number>;
  /** How often the sync scheduler polls now (ms). */
  pollingEveryMs(): Promise<number | undefined>;
  setNow(ms: number): void;
  close(): Promise<void>;
}

export async function startStreamWorld(
  fixture: RedisFixture,
  overrides: Record<string, string> = {},
): Promise<StreamWorld> {
  nock.restore();
  let nowMs = Date.now();
  const emulator = await startSalesforceEmulator({ seed: 'demo', pubsub: true, now: () => nowMs });
  const env = loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: fixture.prefix,
    LOG_LEVEL: 'silent',
    ...overrides,
  }).env;
  const config = {
    env: { ...env, SF_SYNC_INTERVAL_SECONDS: 3600 },
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
  const keys = keyspace(fixture.prefix);
  const store = new SyncedRecordStore(fixture.redis, keys);
  const jobs = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
  const bus = new DomainEventBus<DomainEvent>(jobs, domainEventId);
  bus.subscribe(eventsQueue);
  // Consumed (and kept as completed jobs) so queues drain and the events stay countable.
  jobs.process(eventsQueue, { [DOMAIN_EVENT_JOB]: async () => {} });
  jobs.declare(syncQueue);
  const gateways: SalesforceGateway[] = [];
  const consumers: ChangeStreamConsumer[] = [];
  const newGateway = async () => {
    const gateway = new SalesforceGateway({ mode: 'emulator', apiVersion: '64.0' }, logger);
    await gateway.start({
      target: passwordTarget(demoIntegrationUser, emulator.url, '64.0'),
      pubsub: { address: emulator.pubsubAddress ?? '', plaintext: true },
      close: async () => {},
    });
    gateways.push(gateway);
    return gateway;
  };
  const salesforce = await newGateway();
  const parts = { config, store, redis: fixture.redis, keys, bus, logger, jobs };
  await registerSalesforceJobs({
    ...parts,
    salesforce,
    people: { matchAll: async () => ({ matched: 0, unmatched: [], lookups: 0 }) },
  });
  jobs.startWorkers();
  // The back-fill first: before it, an object's changes are polling's to read.
  await waitFor(async () => ((await store.count('Lead')) > 0 ? true : undefined), 'the first sync');
  const sync = jobs.queueNamed(syncQueue.name);
  const events = jobs.queueNamed(eventsQueue.name);
  return {
    emulator,
    store,
    jobs,
    consumer: (options = {}) => {
      const consumer = new ChangeStreamConsumer(
        { ...parts, salesforce },
        { leaseMs: options.leaseMs ?? 3000, backoff: { initialMs: 100, maxMs: 1000 } },
      );
      consumers.push(consumer);
      return consumer;
    },
    createdEvents: async (leadId) => {
      const all = await events.getJobs(['waiting', 'delayed', 'completed', 'active', 'failed']);
      return all.filter((job) => {
        const event = job.data as DomainEvent;
        return event.type === 'lead.created' && event.leadId === leadId;
      }).length;
    },
    syncRuns: async () => (await sync.getJobCounts('completed')).completed ?? 0,
    pollingEveryMs: async () => (await sync.getJobScheduler(SYNC_SCHEDULER_ID))?.every,
    setNow: (ms) => {
      nowMs = ms;
    },
    close: async () => {
      for (const consumer of consumers) await consumer.stop();
      await jobs.close(1000);
      for (const gateway of gateways) await gateway.close();
      await emulator.close();
      nock.activate();
    },
  };
}

/** Waits until the emulator has taken `count` Subscribe streams' first requests in all. */
export const untilSubscribed = (emulator: SalesforceEmulator, count: number) =>
  waitFor(
    async () => (emulator.controls.pubsubSubscriptions().started >= count ? true : undefined),
    `${count} Pub/Sub subscriptions`,
  );
