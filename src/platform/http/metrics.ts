import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobRuntime } from '../jobs/runtime.ts';
import { settledWithin } from '../deadline.ts';

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
export async function readWithin<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  const read = await settledWithin(
    work.catch(() => undefined),
    ms,
  );
  return read.done ? read.value : undefined;
}

/** Queue depths, read from Redis when Prometheus scrapes, so they stay true across instances. */
export function registerQueueMetrics(
  metrics: Metrics,
  deps: { jobs: Pick<JobRuntime, 'queueNames' | 'queueNamed'> },
): void {
  new Gauge({
    name: 'bullpen_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const queue of deps.jobs.queueNames) {
        const counts = await readWithin(1_000, deps.jobs.queueNamed(queue).getJobCounts(...JOB_STATES));
        if (!counts) return;
        for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
}
