import type { Queue, RepeatOptions } from 'bullmq';
import { z } from 'zod';
import { readDomainEvent } from '../../shared/sync/domain-events.ts';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { QUICK_RECOVERY_LOCKS } from '../../platform/jobs/recovery.ts';
import { refreshOpenAlert } from './app/alert-messages.ts';
import { alertAssignment, alertOnAssignment } from './app/assignment-alerts.ts';
import { deliverEscalation, deliverRepDigest } from './app/digest-delivery.ts';
import { runOrgRollupJob } from './app/org-rollup.ts';
import { handleDomainEvent } from './app/salesforce-touch.ts';
import { runNudgeScan } from './app/scan.ts';
import { indexOnDomainEvent } from './app/sla-index.ts';
import { askForFirstBuild, runSlaReindex } from './app/sla-reindex.ts';
import { postWeeklyDigest } from './app/weekly-digest.ts';
import type { NudgesDeps } from './deps.ts';
import {
  ALERT_JOB,
  ALERT_REFRESH_JOB,
  alertRefreshSchema,
  assignmentSchema,
  digestJobDataSchema,
  ESCALATION_JOB,
  nudgesQueue,
  ORG_ROLLUP_JOB,
  REP_DIGEST_JOB,
  SCAN_JOB,
  SLA_FIRST_BUILD_JOB,
  SLA_REINDEX_JOB,
  slaReindexSchema,
  WEEKLY_JOB,
} from './queue.ts';
import { registerWriteBackJobs } from './writes/write-jobs.ts';

/**
 * The nudges feature's background work: the processors of its queue (nudgesQueue, queue.ts) and of
 * the Salesforce write-backs (writes/write-jobs.ts), the scan and weekly-digest schedules, and the
 * subscription to sync's domain events.
 */

export const SCAN_SCHEDULER_ID = 'nudge-scan';
export const WEEKLY_SCHEDULER_ID = 'nudge-weekly-digest';
/**
 * A nightly rebuild of the SLA index: a change sync publishes no event for (a lead source edited, an
 * owner history back-filled) is caught within a day.
 */
export const SLA_REFRESH_SCHEDULER_ID = 'sla-index-refresh';
/** In the local demo, a first scan shortly after start-up, once sync has matched people. */
const DEMO_FIRST_SCAN_DELAY_MS = 20_000;

/**
 * Everything the jobs use: all of the feature's dependencies but the Slack-side ones; refreshHome,
 * when given, shows executives the org-wide roll-up they opened Home before it was ready.
 */
export type NudgeJobsDeps = Omit<NudgesDeps, 'roles' | 'refreshHome'> &
  Partial<Pick<NudgesDeps, 'refreshHome'>>;

/**
 * Scans aligned to the digest windows (every 15 minutes at :00, :15, …) where the interval divides an
 * hour or a day, so a scan never straddles two windows; otherwise a plain interval.
 */
export function scanSchedule(minutes: number): RepeatOptions {
  if (minutes < 60 && 60 % minutes === 0) return { pattern: `*/${minutes} * * * *` };
  if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) {
    const hours = minutes / 60;
    return { pattern: hours === 24 ? '0 0 * * *' : `0 */${hours} * * *` };
  }
  return { every: minutes * 60_000 };
}

function processNudgeJobs(deps: NudgeJobsDeps): void {
  deps.jobs.process(
    nudgesQueue,
    {
      [SCAN_JOB]: () => runNudgeScan(deps),
      [REP_DIGEST_JOB]: (job) =>
        deliverRepDigest(deps, z.string().parse(job.id), digestJobDataSchema.parse(job.data)),
      [ESCALATION_JOB]: (job) =>
        deliverEscalation(deps, z.string().parse(job.id), digestJobDataSchema.parse(job.data)),
      [WEEKLY_JOB]: async () => ({ posted: await postWeeklyDigest(deps) }),
      // Deferred before an admin turned alerts off: it stays off.
      [ALERT_JOB]: async (job) =>
        deps.config.policy.sla.nudges.assignmentAlerts.enabled
          ? alertAssignment(deps, assignmentSchema.parse(job.data))
          : null,
      [ALERT_REFRESH_JOB]: (job) => refreshOpenAlert(deps, alertRefreshSchema.parse(job.data)),
      [DOMAIN_EVENT_JOB]: async (job) => {
        const event = readDomainEvent(job.data);
        await indexOnDomainEvent(deps, event);
        await handleDomainEvent(deps, event);
        return alertOnAssignment(deps, event);
      },
      [ORG_ROLLUP_JOB]: () => runOrgRollupJob(deps),
      [SLA_REINDEX_JOB]: (job) => runSlaReindex(deps, slaReindexSchema.parse(job.data).reason),
      [SLA_FIRST_BUILD_JOB]: () => askForFirstBuild(deps),
    },
    // A digest send interrupted by a dead worker resumes on another within half a minute.
    { concurrency: 4, ...QUICK_RECOVERY_LOCKS },
  );
}

/** The scan every few minutes, and marketing's weekly digest when it has a channel. */
async function scheduleNudgeJobs(deps: Pick<NudgesDeps, 'jobs' | 'config'>): Promise<void> {
  const { nudges, weeklyDigest, calendar } = deps.config.policy.sla;
  // BullMQ types a scheduler's id as a job name; the weekly one is named apart from its job.
  const schedulers: Queue<unknown, unknown, string> = deps.jobs.queue(nudgesQueue);
  await schedulers.upsertJobScheduler(SCAN_SCHEDULER_ID, scanSchedule(nudges.scanEveryMinutes), {
    name: SCAN_JOB,
  });
  await schedulers.upsertJobScheduler(
    SLA_REFRESH_SCHEDULER_ID,
    { pattern: '30 3 * * *', tz: calendar.fallbackTimeZone },
    { name: SLA_REINDEX_JOB, data: { reason: 'nightly refresh' } },
  );
  if (weeklyDigest.channel) {
    await schedulers.upsertJobScheduler(
      WEEKLY_SCHEDULER_ID,
      { pattern: weeklyDigest.cron, tz: weeklyDigest.timeZone ?? calendar.fallbackTimeZone },
      { name: WEEKLY_JOB },
    );
  } else {
    await schedulers.removeJobScheduler(WEEKLY_SCHEDULER_ID);
  }
}

/** The local demo (simulated Slack, emulated Salesforce, no policy file) scans soon after start. */
async function scheduleDemoFirstScan(deps: Pick<NudgesDeps, 'jobs' | 'config'>): Promise<void> {
  const { config } = deps;
  const isDemo =
    config.slack.mode === 'local' && config.salesforce.mode === 'emulator' && !config.env.BULLPEN_CONFIG;
  if (!isDemo) return;
  await deps.jobs.add(
    nudgesQueue,
    SCAN_JOB,
    {},
    { jobId: `nudge-scan-startup-${Date.now()}`, delay: DEMO_FIRST_SCAN_DELAY_MS },
  );
}

export async function startNudgeJobs(deps: NudgeJobsDeps): Promise<void> {
  deps.bus.subscribe(nudgesQueue);
  registerWriteBackJobs(deps);
  processNudgeJobs(deps);
  await scheduleNudgeJobs(deps);
  await askForFirstBuild(deps);
  await scheduleDemoFirstScan(deps);
}
