import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

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
