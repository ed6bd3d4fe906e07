import type { SfUser } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import {
  digestJobId,
  digestWindowId,
  escalationJobId,
  mayDeliverDigest,
  planEscalations,
  type ClockedLead,
} from '../domain/digest.ts';
import type { RecipientKind } from '../domain/digest-records.ts';
import { ESCALATION_JOB, nudgesQueue, REP_DIGEST_JOB, type DigestJobData } from '../queue.ts';
import { NudgeState } from '../store.ts';
import { allUsers } from './lead-loader.ts';
import { scanOwners, type ScanSource } from './scan-owners.ts';
import { ensureSlaIndex, slaIndexReady } from './sla-reindex.ts';

/**
 * The recurring scan: reads the owners' due leads (scan-owners.ts) from the Redis store, decides who gets a digest
 * (or an escalation) in this window, and enqueues one job per recipient with a deterministic id.
 * Two workers scanning at once, or a retried scan, enqueue the same ids, so nobody gets two digests.
 */

export interface ScanResult {
  windowId: string;
  /** What the scan read: the SLA index's due leads, or every stored lead. */
  source: ScanSource;
  /** Job ids enqueued (or already present) for rep digests and manager escalations. */
  repDigests: string[];
  escalations: string[];
  /** Recipients passed over, by reason (outside working hours, daily cap, unmatched in Slack...). */
  skipped: Record<string, number>;
}

export interface ScanOptions {
  /** The scan's clock; tests pin it. */
  now?: Date;
  /**
   * What to read: the SLA index's due leads, or every stored lead (the full scan, the index's test
   * oracle). By default the index once it is built under the running policy, else the full scan.
   */
  source?: ScanSource;
}

export type ScanDeps = LeadReadDeps & Pick<NudgesDeps, 'jobs'>;

/** One scan's clock, window, what it has read, and its tally. */
interface ScanRun {
  now: Date;
  source: ScanSource;
  windowId: string;
  users: SfUser[];
  snoozes?: Map<string, Date>;
  result: ScanResult;
  skip(reason: string): void;
}

async function mayDeliver(
  deps: Pick<NudgesDeps, 'redis' | 'keys' | 'config'>,
  recipient: { kind: RecipientKind; id: string; timeZone: string },
  now: Date,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const state = new NudgeState(deps);
  const [sent, lastSentAt] = await Promise.all([
    state.sentOn(recipient.kind, recipient.id, localDateKey(now, recipient.timeZone)),
    state.lastSentAt(recipient.kind, recipient.id),
  ]);
  return mayDeliverDigest({
    now,
    repTimeZone: recipient.timeZone,
    policy: deps.config.policy.sla,
    sentToday: sent.length,
    lastSentAt,
  });
}

/** Enqueues each rep's digest; returns the escalated leads for the managers' pass. */
async function enqueueRepDigests(deps: ScanDeps, run: ScanRun): Promise<ClockedLead[]> {
  const { now, windowId } = run;
  // Only escalated leads outlive their owner's turn: keeping every clocked lead for the manager
  // pass cost ~1 GB at 100,000 leads.
  const escalated: ClockedLead[] = [];
  for await (const { user, queue: queueOf, selection, escalated: ofOwner } of scanOwners(
    deps,
    run,
    run.source,
  )) {
    escalated.push(...ofOwner);
    if (selection.leads.length === 0) continue;
    if (!queueOf.slackUserId) {
      run.skip('owner-not-in-slack');
      continue;
    }
    const check = await mayDeliver(deps, { kind: 'rep', id: user.Id, timeZone: queueOf.timeZone }, now);
    if (!check.ok) {
      run.skip(check.reason);
      continue;
    }
    const jobId = digestJobId(user.Id, windowId);
    const data: DigestJobData = {
      recipientSalesforceId: user.Id,
      recipientSlackId: queueOf.slackUserId,
      windowId,
      now: now.toISOString(),
      leadIds: selection.leads.map((c) => c.lead.Id),
      moreCount: selection.moreCount,
    };
    await deps.jobs.add(nudgesQueue, REP_DIGEST_JOB, data, { jobId });
    run.result.repDigests.push(jobId);
  }
  return escalated;
}

/** Enqueues one escalation per manager whose reports have badly overdue leads. */
async function enqueueEscalations(deps: ScanDeps, run: ScanRun, escalated: ClockedLead[]): Promise<void> {
  const { now, windowId, users } = run;
  const plan = planEscalations(escalated, users);
  if (plan.unrouted.length > 0) run.skip('escalation-without-manager');
  for (const batch of plan.batches) {
    const slackUserId = await deps.people.slackIdFor(batch.managerId);
    if (!slackUserId) {
      run.skip('manager-not-in-slack');
      continue;
    }
    const manager = users.find((u) => u.Id === batch.managerId) ?? null;
    const timeZone = await timeZoneOf(deps, { slackUserId, salesforceUser: manager });
    const check = await mayDeliver(deps, { kind: 'escalation', id: batch.managerId, timeZone }, now);
    if (!check.ok) {
      run.skip(`escalation-${check.reason}`);
      continue;
    }
    const jobId = escalationJobId(batch.managerId, windowId);
    const data: DigestJobData = {
      recipientSalesforceId: batch.managerId,
      recipientSlackId: slackUserId,
      windowId,
      now: now.toISOString(),
      leadIds: batch.leads.map((c) => c.lead.Id),
      moreCount: 0,
    };
    await deps.jobs.add(nudgesQueue, ESCALATION_JOB, data, { jobId });
    run.result.escalations.push(jobId);
  }
}

/** The index once it is built under the running policy; until then the full scan, and a build. */
async function scanSource(deps: ScanDeps): Promise<ScanSource> {
  if (await slaIndexReady(deps)) return 'index';
  await ensureSlaIndex(deps);
  return 'full';
}

export async function runNudgeScan(deps: ScanDeps, options: ScanOptions = {}): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const windowId = digestWindowId(now, deps.config.policy.sla);
  // Independent reads, at once: each is a round trip before the scan can start.
  const [source, users] = await Promise.all([options.source ?? scanSource(deps), allUsers(deps)]);
  // The full scan reads every owner's leads, so every snooze at once; the index scan reads only the
  // due leads' snoozes, with their records (scan-index.ts).
  const snoozes = source === 'full' ? await new NudgeState(deps).snoozes() : undefined;
  const result: ScanResult = { windowId, source, repDigests: [], escalations: [], skipped: {} };
  const run: ScanRun = {
    now,
    source,
    windowId,
    result,
    ...(snoozes ? { snoozes } : {}),
    users,
    skip: (reason) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1),
  };
  const escalated = await enqueueRepDigests(deps, run);
  await enqueueEscalations(deps, run, escalated);
  const { repDigests, escalations, skipped } = result;
  deps.logger.info(
    { windowId, source, repDigests: repDigests.length, escalations: escalations.length, skipped },
    'nudge scan done',
  );
  return result;
}
