import type { Job, RepeatOptions } from 'bullmq';
import { z } from 'zod';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { registerWriteBackJobs } from './writes/write-jobs.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import { QUICK_RECOVERY_LOCKS } from '../../platform/jobs/recovery.ts';
import { domainEventId } from '../../shared/sync/domain-events.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';
import type { Services } from '../../services.ts';
import {
  deliverEscalation,
  deliverRepDigest,
  digestJobDataSchema,
  ESCALATION_JOB,
  refreshDigest,
  REP_DIGEST_JOB,
} from './app/digest-delivery.ts';
import { qualifyingTouches } from '../../shared/sla/lead-clock.ts';
import { postWeeklyDigest } from './app/reports.ts';
import { runNudgeScan } from './app/scan.ts';
import { NudgeState } from './store.ts';
import { escapeAndTruncate } from './domain/text.ts';

export const SCAN_SCHEDULER_ID = 'nudge-scan';
export const SCAN_JOB = 'nudge-scan';
export const WEEKLY_SCHEDULER_ID = 'nudge-weekly-digest';
export const WEEKLY_JOB = 'weekly-digest';
/** In the local demo, a first scan shortly after start-up, once sync has matched people. */
const DEMO_FIRST_SCAN_DELAY_MS = 20_000;

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

const domainEventSchema = z
  .object({
    type: z.string(),
    leadId: z.string().optional(),
    at: z.string(),
    to: z.string().optional(),
    activityType: z.enum(['Task', 'Event']).optional(),
    activityId: z.string().optional(),
  })
  .loose();

async function describeTouch(
  services: Services,
  event: z.infer<typeof domainEventSchema>,
): Promise<string | null> {
  if (event.type === 'lead.status_changed')
    return `Status set to ${escapeAndTruncate(event.to ?? '?', 60)} in Salesforce`;
  if (event.type === 'lead.converted') return 'Converted in Salesforce';
  if (event.type !== 'activity.logged' || !event.leadId || !event.activityId || !event.activityType)
    return null;
  const lead = await services.store.get('Lead', event.leadId);
  if (!lead) return null;
  const policy = services.config.policy.sla;
  const touches =
    event.activityType === 'Task'
      ? qualifyingTouches(lead, await services.store.getMany('Task', [event.activityId]), [], policy)
      : qualifyingTouches(lead, [], await services.store.getMany('Event', [event.activityId]), policy);
  const touch = touches[0];
  if (!touch) return null;
  return touch.kind === 'call'
    ? 'Call logged in Salesforce'
    : touch.kind === 'email'
      ? 'Email logged in Salesforce'
      : 'Activity logged in Salesforce';
}

/** A touch made in Salesforce on a lead listed in a digest counts as acting on the nudge. */
export async function handleDomainEvent(services: Services, raw: unknown): Promise<void> {
  const event = domainEventSchema.parse(raw);
  if (!event.leadId) return;
  const state = new NudgeState(services);
  const digestIds = await state.digestsListing(event.leadId);
  if (digestIds.length === 0) return;
  const what = await describeTouch(services, event);
  if (!what) return;
  const at = new Date(event.at);
  await state.recordAction(event.leadId, `sf-${domainEventId(raw as DomainEvent)}`, at);
  const lead = await services.store.get('Lead', event.leadId);
  for (const digestId of digestIds) {
    const added = await state.markHandled(digestId, {
      leadId: event.leadId,
      text: `${what} for *${escapeAndTruncate(lead?.Name ?? 'lead', 80)}*`,
      at: at.toISOString(),
    });
    if (added) await refreshDigest(services, digestId);
  }
}

async function processNudgeJob(services: Services, job: Job): Promise<unknown> {
  switch (job.name) {
    case SCAN_JOB:
      return runNudgeScan(services);
    case REP_DIGEST_JOB:
      return deliverRepDigest(services, z.string().parse(job.id), digestJobDataSchema.parse(job.data));
    case ESCALATION_JOB:
      return deliverEscalation(services, z.string().parse(job.id), digestJobDataSchema.parse(job.data));
    case WEEKLY_JOB:
      return { posted: await postWeeklyDigest(services) };
    case DOMAIN_EVENT_JOB:
      return handleDomainEvent(services, job.data);
    default:
      services.logger.warn({ name: job.name }, 'unknown job on the nudges queue');
      return undefined;
  }
}

export async function registerNudgeJobs(services: Services): Promise<void> {
  const { jobs, config } = services;
  const { nudges, weeklyDigest, calendar } = config.policy.sla;
  services.bus.subscribe(defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('nudges'));
  registerWriteBackJobs(services);
  jobs.register({
    queue: 'nudges',
    // A digest send interrupted by a dead worker resumes on another within half a minute.
    options: { concurrency: 4, ...QUICK_RECOVERY_LOCKS },
    processor: (job) => processNudgeJob(services, job),
  });
  const queue = jobs.queueNamed('nudges');
  await queue.upsertJobScheduler(SCAN_SCHEDULER_ID, scanSchedule(nudges.scanEveryMinutes), {
    name: SCAN_JOB,
  });
  if (weeklyDigest.channel) {
    await queue.upsertJobScheduler(
      WEEKLY_SCHEDULER_ID,
      { pattern: weeklyDigest.cron, tz: weeklyDigest.timeZone ?? calendar.fallbackTimeZone },
      { name: WEEKLY_JOB },
    );
  } else {
    await queue.removeJobScheduler(WEEKLY_SCHEDULER_ID);
  }
  const isDemo =
    config.slack.mode === 'local' && config.salesforce.mode === 'emulator' && !config.env.BULLPEN_CONFIG;
  if (isDemo) {
    await queue.add(
      SCAN_JOB,
      {},
      { jobId: `nudge-scan-startup-${Date.now()}`, delay: DEMO_FIRST_SCAN_DELAY_MS },
    );
  }
}
