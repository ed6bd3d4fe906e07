import { DelayedError, type Job } from 'bullmq';
import type { Services } from '../../services.ts';
import { classifySalesforceError } from '../../platform/salesforce/connection.ts';
import { SalesforceSync, type SyncReport } from './sync.ts';
import { delayUntilLoginAllowed } from '../../platform/salesforce/job-login-wait.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';

export const SYNC_SCHEDULER_ID = 'salesforce-sync';
export const SYNC_JOB = 'salesforce-sync';

/** The scheduled Salesforce sync; one job name, no data. */
export const syncQueue = defineQueue<{ [SYNC_JOB]: Record<string, never> }>('sync');

/** Past the API budget share, sync runs at a quarter of its usual pace. */
const SLOWDOWN_FACTOR = 4;
/** REQUEST_LIMIT_EXCEEDED is a daily allocation: retrying in seconds only burns attempts. */
const API_LIMIT_RETRY_MS = 15 * 60_000;

export function createSync(
  services: Services,
  conn: Awaited<ReturnType<Services['salesforce']['connection']>>,
) {
  const { env, policy } = services.config;
  return new SalesforceSync(
    {
      conn,
      store: services.store,
      redis: services.redis,
      keys: services.keys,
      bus: services.bus,
      logger: services.logger,
    },
    {
      lookbackDays: env.SF_LOOKBACK_DAYS,
      bulkThreshold: env.SF_BULK_THRESHOLD,
      requestTimeoutMs: env.SF_TIMEOUT_MS,
      openStatuses: policy.sla.statuses.open,
    },
  );
}

export interface ApiBudget {
  used: number;
  limit: number;
  share: number;
  at: string;
}

export async function readApiBudget(services: Pick<Services, 'redis' | 'keys'>): Promise<ApiBudget | null> {
  const stored = await services.redis.hgetall(services.keys('sf', 'api-usage'));
  if (!stored['limit']) return null;
  const used = Number(stored['used']);
  const limit = Number(stored['limit']);
  return { used, limit, share: limit > 0 ? used / limit : 0, at: stored['at'] ?? '' };
}

/** Runs one sync and matches people; returns null when the API budget says to wait. */
export async function runSync(
  services: Services,
  { force = false, matchPeople = true } = {},
): Promise<SyncReport | null> {
  const { env } = services.config;
  const budget = await readApiBudget(services);
  if (!force && budget && budget.share >= env.SF_API_BUDGET_WARN_SHARE) {
    const last = await services.redis.get(services.keys('sf', 'sync', 'last-success'));
    const slowInterval = env.SF_SYNC_INTERVAL_SECONDS * 1000 * SLOWDOWN_FACTOR;
    if (last && Date.now() - Date.parse(last) < slowInterval) {
      services.logger.warn(
        { used: budget.used, limit: budget.limit },
        `Salesforce API usage is at ${Math.round(budget.share * 100)}% of the daily allocation; sync slowed to every ${slowInterval / 1000}s`,
      );
      return null;
    }
  }
  const conn = await services.salesforce.connection();
  const report = await createSync(services, conn).syncOnce();
  await services.redis.set(services.keys('sf', 'instance-url'), conn.instanceUrl);
  if (matchPeople) await services.people.matchAll();
  services.logger.info(
    {
      apiCalls: report.apiCalls,
      durationMs: report.durationMs,
      objects: report.objects.map((o) => `${o.object}:${o.stored}`),
    },
    'Salesforce sync done',
  );
  return report;
}

/** When the login backoff allows the next attempt; a minute on if none is recorded. */
async function handleFailure(
  services: Services,
  { job, token }: { job: Job; token: string | undefined },
  error: unknown,
) {
  const kind = classifySalesforceError(error);
  if (kind === 'api-limit' && token) {
    await job.moveToDelayed(Date.now() + API_LIMIT_RETRY_MS, token);
    throw new DelayedError('Salesforce REQUEST_LIMIT_EXCEEDED; retrying in 15 minutes');
  }
  if (kind === 'login') await delayUntilLoginAllowed(services.salesforce, job, token, error);
  // Transient failures, timeouts included, go back to BullMQ's retries with backoff.
  throw error;
}

export async function registerSalesforceJobs(services: Services): Promise<void> {
  const { jobs, config } = services;
  jobs.process(
    syncQueue,
    {
      [SYNC_JOB]: async (job, token) => {
        try {
          const report = await runSync(services);
          return report
            ? { apiCalls: report.apiCalls, durationMs: report.durationMs }
            : { skipped: 'api-budget' };
        } catch (error) {
          return handleFailure(services, { job, token }, error);
        }
      },
    },
    // One sync at a time per process; the scheduler never overlaps runs of the same job anyway.
    { concurrency: 1, lockDuration: 120_000 },
  );
  await jobs
    .queue(syncQueue)
    .upsertJobScheduler(
      SYNC_SCHEDULER_ID,
      { every: config.env.SF_SYNC_INTERVAL_SECONDS * 1000 },
      { name: SYNC_JOB },
    );
}
