import { describe, expect, it } from 'vitest';
import { ownerLeadsByUrgency } from '../../../src/features/nudges/app/lead-loader.ts';
import { runSlaReindex, slaIndexReady } from '../../../src/features/nudges/app/sla-reindex.ts';
import type { LeadReadDeps } from '../../../src/features/nudges/deps.ts';
import { slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import { LeadAssignments } from '../../../src/shared/sync/lead-assignments.ts';
import { useRedis } from '../../helpers/redis.ts';
import { BASE, depsFor, HOUR, policyWith, RandomOrg } from './sla-index-fixtures.ts';

/*
 * `/leads` and Home list an owner's leads from the SLA index's kept clock facts (indexed-facts.ts)
 * instead of reading every Task and Event of their leads. The list must be the one their activity
 * gives, also when sync stored changes whose events have not re-indexed them yet (new activity,
 * deleted activity, owner changes with their assignment records): an entry stands only while its
 * owner and activity token are the lead's now, and assignment and hand-off are read fresh.
 */

type Lists = Awaited<ReturnType<typeof ownerLeadsByUrgency>>;

async function everyOwner(
  deps: LeadReadDeps,
  org: RandomOrg,
  now: number,
  facts: 'index' | 'activity',
): Promise<Lists[]> {
  const lists: Lists[] = [];
  for (const user of org.users) lists.push(await ownerLeadsByUrgency(deps, user.Id, new Date(now), facts));
  return lists;
}

const listed = (lists: readonly Lists[]): number =>
  lists.reduce((n, l) => n + l.urgent.length + l.others.length, 0);

describe("an owner's leads read through the SLA index", () => {
  const fixture = useRedis();

  it('lists what their activity gives, with changes not yet re-indexed', async () => {
    const deps = depsFor(fixture, policyWith(['2026-10-30', '2026-11-02']));
    const org = new RandomOrg(deps, 20261130);
    await org.build(400);
    await runSlaReindex(deps, 'test', () => new Date(BASE));
    expect(await slaIndexReady(deps)).toBe(true);

    let urgent = 0;
    for (const [step, hours] of [0, 9, 40, 130].entries()) {
      const now = BASE + hours * HOUR;
      // Stored as sync stores them, and no event handled: the index still holds the facts before.
      if (step > 0) for (let i = 0; i < 60; i += 1) await org.change(now);
      // A routing record landing after the owner change it belongs to (no event re-indexes it).
      if (step === 2) {
        const assignments = new LeadAssignments(deps.redis, deps.keys);
        for (const lead of [...org.leads.values()].slice(0, 80)) {
          await assignments.recordAssignment(lead.Id, lead.OwnerId, new Date(now - 3 * HOUR), 'bullpen');
        }
      }
      const fromIndex = await everyOwner(deps, org, now, 'index');
      expect(fromIndex).toEqual(await everyOwner(deps, org, now, 'activity'));
      urgent += fromIndex.reduce((n, l) => n + l.urgent.length, 0);
      expect(listed(fromIndex)).toBeGreaterThan(0);
    }
    // Not vacuous: leads were overdue or due soon along the way.
    expect(urgent).toBeGreaterThan(50);
  }, 120_000);

  it('reads activity while the index is not built under the current policy', async () => {
    const before = depsFor(fixture, policyWith([]));
    const org = new RandomOrg(before, 11);
    await org.build(150);
    await runSlaReindex(before, 'test', () => new Date(BASE));
    // Emails no longer count as touches: the entries kept touches the policy no longer counts.
    const policy = slaPolicySchema.parse({ qualifyingActivity: { taskKinds: ['Call'] } });
    const after = depsFor(fixture, policy);
    expect(await slaIndexReady(after)).toBe(false);
    const now = BASE + 20 * HOUR;
    expect(await everyOwner(after, org, now, 'index')).toEqual(await everyOwner(after, org, now, 'activity'));
  });
});
