import { describe, expect, it } from 'vitest';
import { allUsers } from '../../../src/features/nudges/app/lead-loader.ts';
import { classifyOwners, type ScanReading } from '../../../src/features/nudges/app/scan-owners.ts';
import { indexLeads, indexOnDomainEvent } from '../../../src/features/nudges/app/sla-index.ts';
import {
  currentPolicyHash,
  ensureSlaIndex,
  runSlaReindex,
  slaIndexReady,
} from '../../../src/features/nudges/app/sla-reindex.ts';
import type { LeadReadDeps } from '../../../src/features/nudges/deps.ts';
import { nudgesQueue, SLA_REINDEX_JOB } from '../../../src/features/nudges/queue.ts';
import { SlaIndexStore } from '../../../src/features/nudges/sla-index-store.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import type { SfUser } from '../../../src/platform/salesforce/records.ts';
import { deriveDomainEvents } from '../../../src/shared/sync/domain-events.ts';
import { markBackfilled } from '../../../src/shared/sync/sync-state.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { sfId, userId } from './fixtures.ts';
import { BASE, depsFor, HOUR, policyWith, RandomOrg } from './sla-index-fixtures.ts';

/*
 * The SLA index's oracle test (issue 15 item 1): the scan reading only the index's due leads lists and
 * escalates exactly what the full scan (every stored lead) does, on a seeded random org: 1,000 leads,
 * reps across time zones on both sides of the US DST change (1 Nov 2026), holidays, random sync
 * changes between instants (some stamped in the future), reassignments and a time-zone change,
 * each re-indexed through the domain events sync derives from it (as a worker does), so every fact
 * the entries keep must have an event that re-indexes it.
 */

async function readingAt(deps: LeadReadDeps, org: RandomOrg, now: number): Promise<ScanReading> {
  const snoozes = new Map<string, Date>();
  for (const id of [...org.leads.keys()].filter(() => org.random() < 0.05)) {
    snoozes.set(id, new Date(now + (org.random() - 0.3) * 48 * HOUR));
  }
  return { now: new Date(now), users: await allUsers(deps), snoozes };
}

describe('the SLA index against the full scan (its oracle)', () => {
  const fixture = useRedis();

  it('lists and escalates the same leads as the full scan on 1,000 random leads at several instants', async () => {
    const deps = depsFor(fixture, policyWith(['2026-10-30', '2026-11-02', '2026-11-03']));
    const org = new RandomOrg(deps, 20261128);
    await org.build(1000);
    await runSlaReindex(deps, 'test', () => new Date(BASE));
    expect(await slaIndexReady(deps)).toBe(true);

    const instants = [0, 7, 30, 80, 110, 150, 220, 320].map((h) => BASE + h * HOUR);
    let compared = 0;
    for (const [step, now] of instants.entries()) {
      if (step > 0) {
        for (let i = 0; i < 40; i += 1) {
          await org.change(now);
          // As the worker does: each change's domain events, each re-indexing its lead.
          for (const event of org.lastChanges.flatMap((change) => deriveDomainEvents(change))) {
            await indexOnDomainEvent(deps, event, new Date(now));
          }
        }
      }
      if (step === 3) await org.moveTimeZone(org.users[0] as SfUser, 'Pacific/Auckland');
      const reading = await readingAt(deps, org, now);
      const full = await classifyOwners(deps, reading, 'full');
      const indexed = await classifyOwners(deps, reading, 'index');
      expect(indexed).toEqual(full);
      compared += [...full.values()].reduce((n, o) => n + o.listed.length + o.escalated.length, 0);
    }
    // The comparison is not vacuous: leads were listed and escalated along the way.
    expect(compared).toBeGreaterThan(500);
  }, 120_000);

  it('reads only the due leads, not the whole store', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const org = new RandomOrg(deps, 7);
    await org.build(300);
    await runSlaReindex(deps, 'test', () => new Date(BASE - 40 * 24 * HOUR));
    const due = await new SlaIndexStore(deps).dueLeadIds(
      org.users.map((u) => u.Id),
      new Date(BASE - 40 * 24 * HOUR),
    );
    expect([...due.values()].flat()).toEqual([]);
  });

  it('is not used after a policy change (holidays) until a re-index under the new policy', async () => {
    const before = depsFor(fixture, policyWith([]));
    const org = new RandomOrg(before, 99);
    await org.build(200);
    await runSlaReindex(before, 'test', () => new Date(BASE));
    const after = depsFor(fixture, policyWith(['2026-10-27', '2026-10-28']));
    expect(await slaIndexReady(after)).toBe(false);
    const progress = await runSlaReindex(after, 'SLA policy changed', () => new Date(BASE));
    expect(progress).toMatchObject({ done: 200, total: 200, reason: 'SLA policy changed' });
    expect(await slaIndexReady(after)).toBe(true);
    const reading = await readingAt(after, org, BASE + 20 * HOUR);
    expect(await classifyOwners(after, reading, 'index')).toEqual(
      await classifyOwners(after, reading, 'full'),
    );
  });

  it('is not ready when built before sync back-filled the leads (the back-fill publishes no events)', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const progress = await runSlaReindex(deps, 'first build', () => new Date(BASE));
    expect(progress.finishedAt).not.toBeNull();
    expect(await slaIndexReady(deps)).toBe(false);
  });

  it('asks for a build only once sync back-filled, and again only when a build stopped moving', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const jobs = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger: deps.logger });
    try {
      const withJobs = { ...deps, jobs };
      expect(await ensureSlaIndex(withJobs)).toBe(false);
      await markBackfilled(deps, 'Lead');
      await markBackfilled(deps, 'Task');
      expect(await ensureSlaIndex(withJobs)).toBe(true);
      const queued = await jobs.queue(nudgesQueue).getJobs(['waiting', 'delayed', 'prioritized']);
      expect(queued.map((job) => job.name)).toEqual([SLA_REINDEX_JOB]);

      const index = new SlaIndexStore(deps);
      const progress = {
        policyHash: currentPolicyHash(deps),
        reason: 'first build',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        done: 0,
        total: 10,
      };
      await index.saveProgress(progress);
      expect(await ensureSlaIndex(withJobs)).toBe(false);
      const key = deps.keys('nudges', 'sla', 'meta');
      const stopped = {
        ...progress,
        startedAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      await deps.redis.hset(key, 'progress', JSON.stringify(stopped));
      expect(await ensureSlaIndex(withJobs)).toBe(true);
    } finally {
      await jobs.close(1000);
    }
  });

  it('drops a lead gone from the store', async () => {
    const deps = depsFor(fixture, policyWith([]));
    await indexLeads(deps, [sfId('00Q', 424242)], { now: new Date(BASE) });
    expect(await new SlaIndexStore(deps).states(userId(1), [sfId('00Q', 424242)])).toEqual(new Map());
  });
});
