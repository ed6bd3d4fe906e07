import type { DomainEvent } from '../../shared/sync/domain-events.ts';
import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import { QUICK_RECOVERY_LOCKS } from '../../platform/jobs/recovery.ts';
import type { Services } from '../../services.ts';
import { ContestEngine } from './app/engine.ts';
import { finaliseContest } from './app/finalise.ts';
import { startContest, type Contest } from './domain/model.ts';
import {
  BOARD_REFRESH_JOB,
  CONTEST_JOBS_QUEUE,
  postKickoff,
  postReminder,
  refreshBoard,
  scheduleBoardRefresh,
} from './app/posting.ts';
import { resolveRoster } from './app/roster.ts';
import { CONTEST_JOB, contestJobDataSchema, currentJob } from './app/schedule.ts';

/**
 * The contests queue: domain events from sync (scoring), the contest clock (start, reminders,
 * end), live-board edits, on-demand ends and recounts, and the lead-source list for the modal.
 */

export const END_NOW_JOB = 'end-now';
export const RECOMPUTE_JOB = 'recompute';
export const LEAD_SOURCES_JOB = 'lead-sources';

const contestIdData = z.object({ contestId: z.string() });
const boardRefreshData = z.object({ contestId: z.string(), bucket: z.number().int() });

const engines = new WeakMap<Services, ContestEngine>();

/** One engine per process and Services, shared by the Slack listeners and the workers. */
export function contestEngine(services: Services): ContestEngine {
  let engine = engines.get(services);
  if (!engine) {
    engine = new ContestEngine(services);
    engines.set(services, engine);
  }
  return engine;
}

/** scheduled -> running with the roster snapshot, then the kick-off and the live board. */
export async function startContestNow(
  engine: ContestEngine,
  contest: Contest,
  runAt?: Date,
): Promise<Contest> {
  let running = contest;
  if (contest.status === 'scheduled') {
    const roster = await resolveRoster(engine.services, contest);
    // A due job fired by BullMQ may be scaled (tests) or a little early (clock skew): it starts at its time.
    const nowMs = Math.max(engine.clock.now().getTime(), runAt?.getTime() ?? 0);
    const result = await engine.contests.update(contest.id, (current) =>
      startContest(current, new Date(nowMs), roster),
    );
    if (!result.ok) {
      const latest = result.contest;
      if (latest?.status !== 'running') throw new UnrecoverableError(result.error);
      running = latest;
    } else {
      running = result.contest;
    }
  }
  if (running.status !== 'running') return running;
  await engine.ledger.seedBoard(running);
  await postKickoff(engine, running);
  return running;
}

async function runContestJob(engine: ContestEngine, job: Job): Promise<unknown> {
  const data = contestJobDataSchema.parse(job.data);
  const contest = await engine.contests.get(data.contestId);
  if (!contest) return { skipped: 'no such contest' };
  const scheduled = currentJob(contest, data);
  if (!scheduled) return { skipped: 'stale job: the contest was rescheduled' };
  switch (data.kind) {
    case 'start':
      if (contest.status !== 'scheduled' && contest.status !== 'running') return { skipped: contest.status };
      return { status: (await startContestNow(engine, contest, scheduled.runAt)).status };
    case 'end':
      return { outcome: await finaliseContest(engine, contest.id) };
    default:
      await postReminder(engine, contest, scheduled);
      return { posted: data.kind };
  }
}

async function refreshLeadSources(services: Services): Promise<number> {
  const sources = new Set<string>();
  for await (const leads of services.store.scan('Lead')) {
    for (const lead of leads) if (lead.LeadSource) sources.add(lead.LeadSource);
  }
  const key = services.keys('contests', 'lead-sources');
  const multi = services.redis.multi().del(key);
  if (sources.size > 0) multi.sadd(key, ...sources);
  await multi.expire(key, 3600).exec();
  return sources.size;
}

export async function processContestJob(engine: ContestEngine, job: Job): Promise<unknown> {
  switch (job.name) {
    case DOMAIN_EVENT_JOB: {
      const changed = await engine.scoreDomainEvent(job.data);
      for (const contest of changed) await scheduleBoardRefresh(engine, contest);
      return { changed: changed.map((contest) => contest.id) };
    }
    case CONTEST_JOB:
      return runContestJob(engine, job);
    case BOARD_REFRESH_JOB: {
      const data = boardRefreshData.parse(job.data);
      const contest = await engine.contests.get(data.contestId);
      if (contest) await refreshBoard(engine, contest, data.bucket);
      return { refreshed: data.contestId };
    }
    case END_NOW_JOB:
      return { outcome: await finaliseContest(engine, contestIdData.parse(job.data).contestId) };
    case RECOMPUTE_JOB: {
      const contest = await engine.contests.get(contestIdData.parse(job.data).contestId);
      if (!contest || contest.status !== 'running') return { skipped: 'not running' };
      const { drift } = await engine.recomputeFromSalesforce(contest);
      await scheduleBoardRefresh(engine, contest);
      return { corrected: drift.changes.length };
    }
    case LEAD_SOURCES_JOB:
      return { sources: await refreshLeadSources(engine.services) };
    default:
      throw new UnrecoverableError(`unknown contests job ${job.name}`);
  }
}

export async function registerContestJobs(services: Services): Promise<void> {
  services.bus.subscribe(defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>(CONTEST_JOBS_QUEUE));
  const engine = contestEngine(services);
  services.jobs.register({
    queue: CONTEST_JOBS_QUEUE,
    processor: (job) => processContestJob(engine, job),
    // Finalisation interrupted by a dead worker resumes on another within half a minute.
    options: { concurrency: 4, ...QUICK_RECOVERY_LOCKS },
  });
}

/** Queues work for the contests worker; the id makes a repeated request one job. */
export async function enqueueContestWork(
  services: Services,
  name: typeof END_NOW_JOB | typeof RECOMPUTE_JOB | typeof LEAD_SOURCES_JOB,
  jobId: string,
  data: Record<string, unknown>,
): Promise<void> {
  await services.jobs.queueNamed(CONTEST_JOBS_QUEUE).add(name, data, { jobId });
}
