import { describe, expect, it } from 'vitest';
import { ActivityFactsCache } from '../../../src/features/nudges/app/activity-facts-cache.ts';
import { loadFacts } from '../../../src/features/nudges/app/lead-facts.ts';
import type { Lead } from '../../../src/platform/salesforce/records.ts';
import { slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { useRedis } from '../../helpers/redis.ts';
import { BASE, depsFor, HOUR, policyWith, RandomOrg } from './sla-index-fixtures.ts';

/*
 * Reports read every lead of their scope; what a lead's activity gives is memoised per process under
 * its activity token (app/activity-facts-cache.ts). Facts read through the memo must be what reading
 * the activity gives, after any change sync stores (a new task or event, a deleted task, an owner
 * change), and the memo must spare the activity reads when nothing changed.
 */

const NO_SNOOZES = new Map<string, Date>();

describe('facts memoised under activity tokens', () => {
  const fixture = useRedis();

  it('equal what the activity gives after every kind of change', async () => {
    const plain = depsFor(fixture, policyWith([]));
    const memo = new ActivityFactsCache();
    const memoised = { ...plain, activityFacts: memo };
    const org = new RandomOrg(plain, 20261201);
    await org.build(300);
    const leads = (): Lead[] => [...org.leads.values()];

    let changed = 0;
    for (const step of [0, 1, 2, 3, 4]) {
      const now = BASE + step * 10 * HOUR;
      for (let i = 0; i < 40 && step > 0; i += 1) {
        await org.change(now);
        changed += 1;
      }
      const expected = await loadFacts(plain, leads(), NO_SNOOZES);
      expect(await loadFacts(memoised, leads(), NO_SNOOZES)).toEqual(expected);
      // Read twice: the second answer comes from the memo, and is still the same.
      expect(await loadFacts(memoised, leads(), NO_SNOOZES)).toEqual(expected);
    }
    expect(changed).toBe(160);
    expect(leadsWithTasks(org)).toBeGreaterThan(100);
  }, 120_000);

  it('reads no activity when nothing changed, and reads it again once an entry is too old', async () => {
    const plain = depsFor(fixture, policyWith([]));
    let clock = BASE;
    const memoised = {
      ...plain,
      activityFacts: new ActivityFactsCache({ maxAgeMs: HOUR, clock: () => clock }),
    };
    const org = new RandomOrg(plain, 7);
    await org.build(200);
    const leads = [...org.leads.values()];
    const trips = countRoundTrips(fixture.redis);

    const commandsOf = async (): Promise<number> => {
      const before = trips.commands;
      await loadFacts(memoised, leads, NO_SNOOZES);
      return trips.commands - before;
    };
    // The first read reads two hashes (tasks, events) per lead.
    expect(await commandsOf()).toBeGreaterThanOrEqual(2 * leads.length);
    // Then the tokens, assignments and hand-offs, and no lead's activity.
    const memoRead = await commandsOf();
    expect(memoRead).toBeLessThan(leads.length);

    // One change sync stores on one lead: at most that lead's activity is read again.
    await org.change(BASE);
    expect(await commandsOf()).toBeLessThanOrEqual(memoRead + 2);

    clock += HOUR;
    expect(await commandsOf()).toBeGreaterThanOrEqual(2 * leads.length);
  });

  it('keeps nothing for a lead without a token, nor across an owner or a policy change', async () => {
    const plain = depsFor(fixture, policyWith([]));
    const memo = new ActivityFactsCache();
    const org = new RandomOrg(plain, 99);
    await org.build(120);
    const leads = [...org.leads.values()];
    await loadFacts({ ...plain, activityFacts: memo }, leads, NO_SNOOZES);

    // Emails no longer count: the memo's touches were worked out under the old policy.
    const callsOnly = slaPolicySchema.parse({ qualifyingActivity: { taskKinds: ['Call'] } });
    const other = { ...depsFor(fixture, callsOnly), activityFacts: memo };
    expect(await loadFacts(other, leads, NO_SNOOZES)).toEqual(
      await loadFacts(depsFor(fixture, callsOnly), leads, NO_SNOOZES),
    );

    // Another owner (the record as read now, before sync's copy caught up): their touches, not the memo's.
    const moved = leads.map((lead, i) =>
      i % 3 === 0 ? { ...lead, OwnerId: (leads[i + 1] ?? lead).OwnerId } : lead,
    );
    expect(await loadFacts({ ...plain, activityFacts: memo }, moved, NO_SNOOZES)).toEqual(
      await loadFacts(plain, moved, NO_SNOOZES),
    );

    // Tokens gone (a store written before they were kept): every lead's activity is read.
    await fixture.redis.del(plain.keys('sf', 'activity-at'));
    const trips = countRoundTrips(fixture.redis);
    await loadFacts({ ...plain, activityFacts: memo }, leads, NO_SNOOZES);
    expect(trips.commands).toBeGreaterThanOrEqual(2 * leads.length);
  });
});

/** How many of the org's leads have a task: the random org is not one without activity. */
function leadsWithTasks(org: RandomOrg): number {
  return new Set(org.tasks.map((task) => task.WhoId)).size;
}
