import { DelayedError, type Job } from 'bullmq';
import type { Env } from '../../platform/config/env.ts';
import type { DomainEventBus } from '../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Logger } from '../../platform/http/logger.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import type { PeopleDirectory } from '../people/people.ts';
import type { SlaPolicy } from '../sla/sla-policy.ts';
import type { DomainEvent } from './domain-events.ts';
import type { SyncedRecordStore } from './synced-records.ts';
import { lastSyncSuccess, readApiBudget, writeInstanceUrl } from './sync-state.ts';
import { classifySalesforceError } from '../../platform/salesforce/connection.ts';
import { SalesforceSync, type SyncReport } from './sync.ts';
import { delayUntilLoginAllowed } from '../../platform/salesforce/job-login-wait.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';

export const SYNC_SCHEDULER_ID = 'salesforce-sync';
export const SYNC_JOB = 'salesforce-sync';

/** The scheduled Salesforce sync; one job name, no data. */
export const syncQueue = defineQueue<{ [SYNC_JOB]: Record<string, never> }>('sync');

/** What sync uses from the process (property names as main.ts has them). */
export interface SyncJobDeps {
  config: {
    env: Pick<
      Env,
      | 'SF_LOOKBACK_DAYS'
      | 'SF_BULK_THRESHOLD'
      | 'SF_TIMEOUT_MS'
      | 'SF_API_BUDGET_WARN_SHARE'
      | 'SF_SYNC_INTERVAL_SECONDS'
    >;
    policy: { sla: Pick<SlaPolicy, 'statuses'> };
  };
  store: SyncedRecordStore;
  redis: RedisClient;
  keys: Keyspace;
  bus: DomainEventBus<DomainEvent>;
  logger: Logger;
  salesforce: Pick<SalesforceGateway, 'connection' | 'loginBackoff'>;
  people: Pick<PeopleDirectory, 'matchAll'>;
}

/** Past the API budget share, sync runs at a quarter of its usual pace. */
const SLOWDOWN_FACTOR = 4;
/** REQUEST_LIMIT_EXCEEDED is a daily allocation: retrying in seconds only burns attempts. */
const API_LIMIT_RETRY_MS = 15 * 60_000;

export function createSync(
  deps: Omit<SyncJobDeps, 'salesforce' | 'people'>,
  conn: Awaited<ReturnType<SyncJobDeps['salesforce']['connection']>>,
) {
  const { env, policy } = deps.config;
  return new SalesforceSync(
    {
      conn,
      store: deps.store,
      redis: deps.redis,
      keys: deps.keys,
      bus: deps.bus,
      logger: deps.logger,
    },
    {
      lookbackDays: env.SF_LOOKBACK_DAYS,
      bulkThreshold: env.SF_BULK_THRESHOLD,
      requestTimeoutMs: env.SF_TIMEOUT_MS,
      openStatuses: policy.sla.statuses.open,
    },
  );
}

/** Runs one sync and matches people; returns null when the API budget says to wait. */
export async function runSync(
  deps: SyncJobDeps,
  { force = false, matchPeople = true } = {},
): Promise<SyncReport | null> {
  const { env } = deps.config;
  const budget = await readApiBudget(deps);
  if (!force && budget && budget.share >= env.SF_API_BUDGET_WARN_SHARE) {
    const last = await lastSyncSuccess(deps);
    const slowInterval = env.SF_SYNC_INTERVAL_SECONDS * 1000 * SLOWDOWN_FACTOR;
    if (last && Date.now() - Date.parse(last) < slowInterval) {
      deps.logger.warn(
        { used: budget.used, limit: budget.limit },
        `Salesforce API usage is at ${Math.round(budget.share * 100)}% of the daily allocation; sync slowed to every ${slowInterval / 1000}s`,
      );
      return null;
    }
  }
  const conn = await deps.salesforce.connection();
  const report = await createSync(deps, conn).syncOnce();
  await writeInstanceUrl(deps, conn.instanceUrl);
  if (matchPeople) await deps.people.matchAll();
  deps.logger.info(
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
  deps: Pick<SyncJobDeps, 'salesforce'>,
  { job, token }: { job: Job; token: string | undefined },
  error: unknown,
) {
  const kind = classifySalesforceError(error);
  if (kind === 'api-limit' && token) {
    await job.moveToDelayed(Date.now() + API_LIMIT_RETRY_MS, token);
    throw new DelayedError('Salesforce REQUEST_LIMIT_EXCEEDED; retrying in 15 minutes');
  }
  if (kind === 'login') await delayUntilLoginAllowed(deps.salesforce, job, token, error);
  // Transient failures, timeouts included, go back to BullMQ's retries with backoff.
  throw error;
}

export async function registerSalesforceJobs(deps: SyncJobDeps & { jobs: JobRuntime }): Promise<void> {
  const { jobs, config } = deps;
  jobs.process(
    syncQueue,
    {
      [SYNC_JOB]: async (job, token) => {
        try {
          const report = await runSync(deps);
          return report
            ? { apiCalls: report.apiCalls, durationMs: report.durationMs }
            : { skipped: 'api-budget' };
        } catch (error) {
          return handleFailure(deps, { job, token }, error);
        }
      },
    },
    // One sync at a time per process; the scheduler never overlaps runs of the same job anyway.
    { concurrency: 1, lockDuration: 120_000 },
  );
  await schedulePolling(jobs, config.env.SF_SYNC_INTERVAL_SECONDS * 1000);
}

/** How often polling runs; the change stream (change-stream.ts) lowers it to a safety net while live. */
export async function schedulePolling(jobs: Pick<JobRuntime, 'queue'>, everyMs: number): Promise<void> {
  await jobs.queue(syncQueue).upsertJobScheduler(SYNC_SCHEDULER_ID, { every: everyMs }, { name: SYNC_JOB });
}

export async function pollingEveryMs(jobs: Pick<JobRuntime, 'queue'>): Promise<number | undefined> {
  return (await jobs.queue(syncQueue).getJobScheduler(SYNC_SCHEDULER_ID))?.every ?? undefined;
}

/** An incremental sync from the watermark now, besides the schedule: the stream's catch-up. */
export async function requestSync(jobs: Pick<JobRuntime, 'add'>): Promise<void> {
  await jobs.add(syncQueue, SYNC_JOB, {});
}
