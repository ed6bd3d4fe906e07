import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import { delayUntilLoginAllowed } from '../../../platform/salesforce/job-login-wait.ts';
import {
  reportWriteOutcome,
  writeNotifySchema,
  type WriteNotify,
  type WriteStatusDeps,
} from '../app/write-status.ts';
import type { NudgesDeps } from '../deps.ts';
import { writeBackCommandSchema, type WriteBackCommand } from '../domain/write-commands.ts';
import { NudgeState } from '../store.ts';
import { adviceFor, classifyWriteError, delayReason } from './write-errors.ts';
import { SalesforceWriteBack, type WriteBackResult } from './write-back.ts';

/**
 * The 'salesforce-writes' queue: each write a person asked for, and a check a little after their
 * click that tells them if it is still not done. A refusal is final (no retry) and is reported with
 * Salesforce's reason; anything else retries, and the person hears about the delay.
 */

export const WRITE_JOB = 'salesforce-write';
export const WRITE_CHECK_JOB = 'salesforce-write-check';

/** REQUEST_LIMIT_EXCEEDED is a daily allocation: retrying in seconds only burns attempts. */
const API_LIMIT_RETRY_MS = 15 * 60_000;

const writeJobSchema = writeBackCommandSchema.and(z.object({ notify: writeNotifySchema.optional() }));
const checkJobSchema = z.object({ key: z.string(), leadId: z.string(), notify: writeNotifySchema });

/** A person's write to Salesforce, and the check that tells them when it is slow. */
export const writesQueue = defineQueue<{
  [WRITE_JOB]: z.infer<typeof writeJobSchema>;
  [WRITE_CHECK_JOB]: z.infer<typeof checkJobSchema>;
}>('salesforce-writes');

/** What the write jobs use: the Salesforce connection, their queue, and how to tell the person. */
export type WriteJobDeps = WriteStatusDeps & Pick<NudgesDeps, 'jobs' | 'salesforce'>;

const writeJobId = (key: string): string => `write-${key}`;
const checkJobId = (key: string, notify: WriteNotify): string =>
  `write-check-${key}-${Date.parse(notify.clickedAt)}`;

/** A write that landed or failed for good needs no later check. */
async function dropCheck(
  deps: Pick<NudgesDeps, 'jobs'>,
  key: string,
  notify: WriteNotify | undefined,
): Promise<void> {
  if (notify) await deps.jobs.queue(writesQueue).remove(checkJobId(key, notify));
}

/**
 * Queues a write; the idempotency key is the job id, so a double click queues one. A write that was
 * refused can be asked for again (the person fixed it in Salesforce): its failed job makes way.
 */
export async function enqueueWriteBack(
  deps: Pick<NudgesDeps, 'jobs' | 'config'>,
  command: WriteBackCommand,
  notify?: WriteNotify,
): Promise<void> {
  const parsed = writeBackCommandSchema.parse(command);
  const queue = deps.jobs.queue(writesQueue);
  const earlier = await queue.getJob(writeJobId(parsed.key));
  if (earlier && (await earlier.getState()) === 'failed') await earlier.remove();
  await queue.add(WRITE_JOB, { ...parsed, ...(notify ? { notify } : {}) }, { jobId: writeJobId(parsed.key) });
  if (!notify) return;
  const noticeMs = deps.config.policy.sla.nudges.saveNoticeAfterSeconds * 1000;
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
  deps: WriteJobDeps,
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
    await new NudgeState(deps).clearPendingTouch(command.leadId, command.key);
    await dropCheck(deps, command.key, notify);
    if (target) {
      const advice =
        failure.kind === 'refused'
          ? adviceFor(failure.code)
          : 'Salesforce kept failing: log it in Salesforce directly.';
      await reportWriteOutcome(deps, target, { status: 'failed', reason: failure.message, advice });
    }
    throw new UnrecoverableError(`Salesforce refused the write (${failure.code}): ${failure.message}`);
  }
  await new NudgeState(deps).rememberWriteFailure(command.key, failure);
  if (failure.kind === 'api-limit' && token) {
    if (target) await reportWriteOutcome(deps, target, { status: 'delayed', reason: delayReason(failure) });
    await job.moveToDelayed(Date.now() + API_LIMIT_RETRY_MS, token);
    throw new DelayedError('Salesforce REQUEST_LIMIT_EXCEEDED; retrying in 15 minutes');
  }
  if (
    target &&
    Date.now() - Date.parse(target.notify.clickedAt) >=
      deps.config.policy.sla.nudges.saveNoticeAfterSeconds * 1000
  ) {
    await reportWriteOutcome(deps, target, { status: 'delayed', reason: delayReason(failure) });
  }
  throw error;
}

async function runWrite(deps: WriteJobDeps, job: Job, token: string | undefined): Promise<unknown> {
  const { notify, ...rest } = writeJobSchema.parse(job.data);
  const command = writeBackCommandSchema.parse(rest);
  const conn = await deps.salesforce
    .connection()
    .catch((error: unknown) => delayUntilLoginAllowed(deps.salesforce, job, token, error));
  const writeBack = new SalesforceWriteBack({
    conn,
    redis: deps.redis,
    keys: deps.keys,
    logger: deps.logger,
  });
  let result: WriteBackResult;
  try {
    result = await writeBack.execute(command);
  } catch (error) {
    return onWriteFailure(deps, job, token, { command, notify, writeBack }, error);
  }
  await new NudgeState(deps).forgetWriteFailure(command.key);
  await dropCheck(deps, command.key, notify);
  if (notify) {
    await reportWriteOutcome(
      deps,
      { leadId: command.leadId, writeKey: command.key, notify },
      { status: 'done' },
    );
  }
  return result;
}

/** A minute (by default) after the click: if the write has not landed, say why it is taking long. */
async function checkWrite(deps: WriteJobDeps, job: Job): Promise<string> {
  const { key, leadId, notify } = checkJobSchema.parse(job.data);
  const write = await deps.jobs.queue(writesQueue).getJob(writeJobId(key));
  const state = write ? await write.getState() : 'unknown';
  if (state === 'completed' || state === 'failed' || state === 'unknown') return state;
  const failure = await new NudgeState(deps).lastWriteFailure(key);
  await reportWriteOutcome(
    deps,
    { leadId, writeKey: key, notify },
    { status: 'delayed', reason: delayReason(failure) },
  );
  return 'still-saving';
}

export function registerWriteBackJobs(deps: WriteJobDeps): void {
  deps.jobs.process(
    writesQueue,
    {
      [WRITE_JOB]: (job, token) => runWrite(deps, job, token),
      [WRITE_CHECK_JOB]: (job) => checkWrite(deps, job),
    },
    { concurrency: 4 },
  );
}
