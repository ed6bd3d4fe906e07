import { isBackfilled } from '../../../shared/sync/sync-state.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { policyHash } from '../domain/sla-index.ts';
import { SLA_FIRST_BUILD_JOB, SLA_REINDEX_JOB, nudgesQueue } from '../queue.ts';
import { SlaIndexStore, type ReindexProgress } from '../sla-index-store.ts';
import { indexLeads } from './sla-index.ts';

/**
 * The whole SLA index rebuilt in the background: at first start, and when the SLA policy (business
 * hours, holidays, SLA hours, statuses...) differs from the one the index was built under. Bounded:
 * leads are read and written in batches, and progress is stored after each for doctor and Home.
 * Until it finishes the scan keeps to the full scan, which needs no index.
 *
 * Sync's first run (the back-fill) publishes no events, so the index is built once leads and tasks
 * are back-filled; every change after that reaches it as an event. Events need no back-fill check:
 * a lead's change carries its own activity, and an Event back-filled later only delays a clock.
 */

const BATCH = 1000;
/** A re-index that stored no progress (one batch) for this long died with its worker: start again. */
const STALE_MS = 15 * 60_000;

/** The running policy's hash: a few microseconds, once per scan or re-index. */
export const currentPolicyHash = (deps: Pick<LeadReadDeps, 'config'>): string =>
  policyHash(deps.config.policy.sla);

/** Whether sync's back-fill of leads and their tasks is done: before it, there is nothing to index. */
async function backfilled(deps: LeadReadDeps): Promise<boolean> {
  const done = await Promise.all([isBackfilled(deps, 'Lead'), isBackfilled(deps, 'Task')]);
  return done.every(Boolean);
}

/** Whether the index is complete under the running policy, so the scan may read it alone. */
export async function slaIndexReady(deps: LeadReadDeps): Promise<boolean> {
  return (await new SlaIndexStore(deps).readyPolicyHash()) === currentPolicyHash(deps);
}

/** `clock` pins the instant entries are computed at (tests); by default each batch's own time. */
export async function runSlaReindex(
  deps: LeadReadDeps,
  reason: string,
  clock: () => Date = () => new Date(),
): Promise<ReindexProgress> {
  const index = new SlaIndexStore(deps);
  const complete = await backfilled(deps);
  const progress: ReindexProgress = {
    policyHash: currentPolicyHash(deps),
    reason,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    done: 0,
    total: await deps.store.count('Lead'),
  };
  await index.saveProgress(progress);
  const zones = new Map<string, string>();
  for await (const chunk of deps.store.scan('Lead', BATCH)) {
    await indexLeads(
      deps,
      chunk.map((lead) => lead.Id),
      { now: clock(), zones },
    );
    progress.done += chunk.length;
    progress.total = Math.max(progress.total, progress.done);
    await index.saveProgress(progress);
  }
  progress.finishedAt = new Date().toISOString();
  if (complete) await index.markReady(progress.policyHash);
  await index.saveProgress(progress);
  deps.logger.info({ leads: progress.done, reason }, 'SLA index rebuilt');
  return progress;
}

/**
 * At start-up and before a scan that found the index not ready: a re-index job when the index was
 * built under another policy (or never) and sync's back-fill is done. Returns whether it enqueued.
 */
export async function ensureSlaIndex(deps: LeadReadDeps & Pick<NudgesDeps, 'jobs'>): Promise<boolean> {
  const index = new SlaIndexStore(deps);
  const hash = currentPolicyHash(deps);
  const [ready, progress] = await Promise.all([index.readyPolicyHash(), index.progress()]);
  if (ready === hash || !(await backfilled(deps))) return false;
  const running =
    progress !== null &&
    progress.policyHash === hash &&
    progress.finishedAt === null &&
    Date.now() - Date.parse(progress.updatedAt ?? progress.startedAt) < STALE_MS;
  if (running) return false;
  const reason = ready === null ? 'first build' : 'SLA policy changed';
  await deps.jobs.add(
    nudgesQueue,
    SLA_REINDEX_JOB,
    { reason },
    { jobId: `sla-reindex-${hash}-${Date.now()}` },
  );
  return true;
}

/**
 * The SLA index's first build waits for sync's back-fill (which publishes no events), and a scan
 * every `scanEveryMinutes` asked for it: `/leads` and Home, which read the index, read every lead's
 * activity for up to that long after an install. A start-up that finds the back-fill not done
 * asks again every half minute (a job scheduler, removed once there is nothing left to wait for).
 */
export const SLA_FIRST_BUILD_SCHEDULER_ID = 'sla-index-first-build';
const FIRST_BUILD_EVERY_MS = 30_000;

async function waitingForBackfill(deps: LeadReadDeps): Promise<boolean> {
  const [ready, done] = await Promise.all([slaIndexReady(deps), backfilled(deps)]);
  return !ready && !done;
}

/** At start-up and on each tick of its scheduler: asks for the build, keeps asking only while needed. */
export async function askForFirstBuild(deps: LeadReadDeps & Pick<NudgesDeps, 'jobs'>): Promise<void> {
  await ensureSlaIndex(deps);
  const schedulers = deps.jobs.queue(nudgesQueue);
  if (await waitingForBackfill(deps)) {
    await schedulers.upsertJobScheduler(
      SLA_FIRST_BUILD_SCHEDULER_ID,
      { every: FIRST_BUILD_EVERY_MS },
      { name: SLA_FIRST_BUILD_JOB },
    );
  } else await schedulers.removeJobScheduler(SLA_FIRST_BUILD_SCHEDULER_ID);
}
