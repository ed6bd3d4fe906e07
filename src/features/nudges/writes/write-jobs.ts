import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { reportWriteOutcome, writeNotifySchema, type WriteNotify } from '../app/write-status.ts';
import type { Services } from '../../../services.ts';
import { delayUntilLoginAllowed } from '../../../platform/salesforce/job-login-wait.ts';
import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import { adviceFor, classifyWriteError, delayReason, type WriteFailure } from './write-errors.ts';
import {
  SalesforceWriteBack,
  writeBackCommandSchema,
  type WriteBackCommand,
  type WriteBackResult,
} from './write-back.ts';

/**
 * The 'salesforce-writes' queue: each write a person asked for, and a check a little after their
 * click that tells them if it is still not done. A refusal is final (no retry) and is reported with
 * Salesforce's reason; anything else retries, and the person hears about the delay.
 */

export const WRITE_JOB = 'salesforce-write';
export const WRITE_CHECK_JOB = 'salesforce-write-check';

/** REQUEST_LIMIT_EXCEEDED is a daily allocation: retrying in seconds only burns attempts. */
const API_LIMIT_RETRY_MS = 15 * 60_000;
const LAST_FAILURE_TTL_S = 86_400;

const writeJobSchema = writeBackCommandSchema.and(z.object({ notify: writeNotifySchema.optional() }));
const checkJobSchema = z.object({ key: z.string(), leadId: z.string(), notify: writeNotifySchema });

/** A person's write to Salesforce, and the check that tells them when it is slow. */
export const writesQueue = defineQueue<{
  [WRITE_JOB]: z.infer<typeof writeJobSchema>;
  [WRITE_CHECK_JOB]: z.infer<typeof checkJobSchema>;
}>('salesforce-writes');
const failureSchema = z.object({
  kind: z.enum(['refused', 'api-limit', 'retry']),
  code: z.string(),
  message: z.string(),
});

const writeJobId = (key: string): string => `write-${key}`;
const checkJobId = (key: string, notify: WriteNotify): string =>
  `write-check-${key}-${Date.parse(notify.clickedAt)}`;

/** A write that landed or failed for good needs no later check. */
async function dropCheck(services: Services, key: string, notify: WriteNotify | undefined): Promise<void> {
  if (notify) await services.jobs.queue(writesQueue).remove(checkJobId(key, notify));
}
const lastFailureKey = (services: Pick<Services, 'keys'>, key: string): string =>
  services.keys('sf', 'writes', 'last-failure', key);

/**
 * Queues a write; the idempotency key is the job id, so a double click queues one. A write that was
 * refused can be asked for again (the person fixed it in Salesforce): its failed job makes way.
 */
export async function enqueueWriteBack(
  services: Pick<Services, 'jobs' | 'config'>,
  command: WriteBackCommand,
  notify?: WriteNotify,
): Promise<void> {
  const parsed = writeBackCommandSchema.parse(command);
  const queue = services.jobs.queue(writesQueue);
  const earlier = await queue.getJob(writeJobId(parsed.key));
  if (earlier && (await earlier.getState()) === 'failed') await earlier.remove();
  await queue.add(WRITE_JOB, { ...parsed, ...(notify ? { notify } : {}) }, { jobId: writeJobId(parsed.key) });
  if (!notify) return;
  const noticeMs = services.config.policy.sla.nudges.saveNoticeAfterSeconds * 1000;
  await queue.add(
    WRITE_CHECK_JOB,
    { key: parsed.key, leadId: parsed.leadId, notify },
    {
      jobId: checkJobId(parsed.key, notify),
      delay: Math.max(0, Date.parse(notify.clickedAt) + noticeMs - Date.now()),
    },
  );
}

async function onWriteFailure(
  services: Services,
  job: Job,
  token: string | undefined,
  context: { command: WriteBackCommand; notify: WriteNotify | undefined; writeBack: SalesforceWriteBack },
  error: unknown,
): Promise<never> {
  const { command, notify } = context;
  const failure = classifyWriteError(error);
  const target = notify ? { leadId: command.leadId, writeKey: command.key, notify } : null;
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (failure.kind === 'refused' || (lastAttempt && failure.kind === 'retry')) {
    // Nothing was written: forget the key so the person can click again once it is fixed.
    await context.writeBack.forget(command.key);
    await dropCheck(services, command.key, notify);
    if (target) {
      const advice =
        failure.kind === 'refused'
          ? adviceFor(failure.code)
          : 'Salesforce kept failing: log it in Salesforce directly.';
      await reportWriteOutcome(services, target, { status: 'failed', reason: failure.message, advice });
    }
    throw new UnrecoverableError(`Salesforce refused the write (${failure.code}): ${failure.message}`);
  }
  await services.redis.set(
    lastFailureKey(services, command.key),
    JSON.stringify(failure),
    'EX',
    LAST_FAILURE_TTL_S,
  );
  if (failure.kind === 'api-limit' && token) {
    if (target)
      await reportWriteOutcome(services, target, { status: 'delayed', reason: delayReason(failure) });
    await job.moveToDelayed(Date.now() + API_LIMIT_RETRY_MS, token);
    throw new DelayedError('Salesforce REQUEST_LIMIT_EXCEEDED; retrying in 15 minutes');
  }
  if (
    target &&
    Date.now() - Date.parse(target.notify.clickedAt) >=
      services.config.policy.sla.nudges.saveNoticeAfterSeconds * 1000
  ) {
    await reportWriteOutcome(services, target, { status: 'delayed', reason: delayReason(failure) });
  }
  throw error;
}

async function runWrite(services: Services, job: Job, token: string | undefined): Promise<unknown> {
  const { notify, ...rest } = writeJobSchema.parse(job.data);
  const command = writeBackCommandSchema.parse(rest);
  const conn = await services.salesforce
    .connection()
    .catch((error: unknown) => delayUntilLoginAllowed(services.salesforce, job, token, error));
  const writeBack = new SalesforceWriteBack({
    conn,
    redis: services.redis,
    keys: services.keys,
    logger: services.logger,
  });
  let result: WriteBackResult;
  try {
    result = await writeBack.execute(command);
  } catch (error) {
    return onWriteFailure(services, job, token, { command, notify, writeBack }, error);
  }
  await services.redis.del(lastFailureKey(services, command.key));
  await dropCheck(services, command.key, notify);
  if (notify) {
    await reportWriteOutcome(
      services,
      { leadId: command.leadId, writeKey: command.key, notify },
      { status: 'done' },
    );
  }
  return result;
}

/** A minute (by default) after the click: if the write has not landed, say why it is taking long. */
async function checkWrite(services: Services, job: Job): Promise<string> {
  const { key, leadId, notify } = checkJobSchema.parse(job.data);
  const write = await services.jobs.queue(writesQueue).getJob(writeJobId(key));
  const state = write ? await write.getState() : 'unknown';
  if (state === 'completed' || state === 'failed' || state === 'unknown') return state;
  const stored = await services.redis.get(lastFailureKey(services, key));
  const failure: WriteFailure | null = stored ? failureSchema.parse(JSON.parse(stored)) : null;
  await reportWriteOutcome(
    services,
    { leadId, writeKey: key, notify },
    { status: 'delayed', reason: delayReason(failure) },
  );
  return 'still-saving';
}

export function registerWriteBackJobs(services: Services): void {
  services.jobs.process(
    writesQueue,
    {
      [WRITE_JOB]: (job, token) => runWrite(services, job, token),
      [WRITE_CHECK_JOB]: (job) => checkWrite(services, job),
    },
    { concurrency: 4 },
  );
}
