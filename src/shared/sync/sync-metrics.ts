import { Gauge } from 'prom-client';
import { readWithin, type Metrics } from '../../platform/http/metrics.ts';
import { lastSyncSuccess, storedApiUsage, type SyncStateDeps } from './sync-state.ts';

/**
 * Gauges of what sync last saw, read from Redis when Prometheus scrapes: the org's API usage and
 * when sync last succeeded. Reading at scrape time keeps them true across instances.
 */
export function registerSyncMetrics(metrics: Metrics, deps: SyncStateDeps): void {
  new Gauge({
    name: 'bullpen_salesforce_api_requests',
    help: 'Salesforce daily API requests, from Sforce-Limit-Info at the last sync',
    labelNames: ['kind'] as const,
    registers: [metrics.registry],
    async collect() {
      const usage = await readWithin(1_000, storedApiUsage(deps));
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
      const last = await readWithin(1_000, lastSyncSuccess(deps));
      if (last) this.set(Date.parse(last) / 1000);
    },
  });
}
