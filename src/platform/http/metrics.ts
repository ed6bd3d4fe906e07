import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Services } from '../../services.ts';

/** Prometheus metrics served on /metrics. Feature modules add theirs to the same registry. */
export function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'bullpen' });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'bullpen_http_requests_total',
      help: 'HTTP requests served, by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    ready: new Gauge({
      name: 'bullpen_ready',
      help: '1 when the last readiness check passed',
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A scrape must answer even while Redis is down: a gauge that cannot be read in time is skipped. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gauges read from Redis when Prometheus scrapes: queue depths, the org's API usage as last seen by
 * sync, and when sync last succeeded. Reading at scrape time keeps them true across instances.
 */
export function registerServiceMetrics(
  metrics: Metrics,
  services: Pick<Services, 'jobs' | 'redis' | 'keys'>,
): void {
  new Gauge({
    name: 'bullpen_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const queue of services.jobs.queueNames) {
        const counts = await within(1_000, services.jobs.queueNamed(queue).getJobCounts(...JOB_STATES));
        if (!counts) return;
        for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'bullpen_salesforce_api_requests',
    help: 'Salesforce daily API requests, from Sforce-Limit-Info at the last sync',
    labelNames: ['kind'] as const,
    registers: [metrics.registry],
    async collect() {
      const usage = await within(1_000, services.redis.hgetall(services.keys('sf', 'api-usage')));
      if (usage?.['limit']) {
        this.set({ kind: 'used' }, Number(usage['used']));
        this.set({ kind: 'limit' }, Number(usage['limit']));
      }
    },
  });
  new Gauge({
    name: 'bullpen_salesforce_last_sync_timestamp_seconds',
    help: 'When the last Salesforce sync finished',
    registers: [metrics.registry],
    async collect() {
      const last = await within(1_000, services.redis.get(services.keys('sf', 'sync', 'last-success')));
      if (last) this.set(Date.parse(last) / 1000);
    },
  });
}
