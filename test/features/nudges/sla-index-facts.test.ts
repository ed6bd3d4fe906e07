import { describe, expect, it } from 'vitest';
import { allUsers } from '../../../src/features/nudges/app/lead-loader.ts';
import { classifyOwners, type ScanReading } from '../../../src/features/nudges/app/scan-owners.ts';
import { indexLeads, indexOnDomainEvent } from '../../../src/features/nudges/app/sla-index.ts';
import { runSlaReindex } from '../../../src/features/nudges/app/sla-reindex.ts';
import type { LeadReadDeps } from '../../../src/features/nudges/deps.ts';
import { SlaIndexStore } from '../../../src/features/nudges/sla-index-store.ts';
import type { RecordChange } from '../../../src/shared/sync/synced-records.ts';
import { deriveDomainEvents } from '../../../src/shared/sync/domain-events.ts';
import { useRedis } from '../../helpers/redis.ts';
import { leadId, makeLead, makeTask, makeUser, sfDateTime, userId } from './fixtures.ts';
import { BASE, depsFor, HOUR, policyWith, RandomOrg } from './sla-index-fixtures.ts';

/*
 * The clock facts the SLA index keeps per entry (domain/sla-index-facts.ts): the scan classifies a
 * due lead from them, so each must be re-indexed by the event of the change that moves it, an
 * entry written before facts were kept must still classify, and the owners' bounds must follow.
 */

const iso = (ms: number): string => sfDateTime(new Date(ms).toISOString());

async function readingAt(deps: LeadReadDeps, now: number): Promise<ScanReading> {
  return { now: new Date(now), users: await allUsers(deps), snoozes: new Map() };
}

/** What sync does with a stored change: its domain events, each handled by the index. */
async function syncEvents(deps: LeadReadDeps, changes: RecordChange[]): Promise<void> {
  for (const event of changes.flatMap((change) => deriveDomainEvents(change))) {
    await indexOnDomainEvent(deps, event);
  }
}

describe('the SLA index clock facts', () => {
  const fixture = useRedis();

  it('re-indexes the lead a task moved away from (its touch is gone), not only the lead it moved to', async () => {
    const deps = depsFor(fixture, policyWith([]));
    await deps.store.applyPage('User', [makeUser({ Id: userId(1), TimeZoneSidKey: 'UTC' })]);
    const created = BASE - 2 * HOUR;
    const [a, b] = [1, 2].map((n) =>
      makeLead({
        Id: leadId(n),
        OwnerId: userId(1),
        CreatedDate: iso(created),
        SystemModstamp: iso(created),
      }),
    );
    await deps.store.applyPage('Lead', [a!, b!]);
    const task = makeTask({ WhoId: leadId(1), OwnerId: userId(1), CreatedDate: iso(created + HOUR) });
    await deps.store.applyPage('Task', [task]);
    await indexLeads(deps, [leadId(1), leadId(2)], { now: new Date(BASE) });

    // Logged on the wrong lead: the rep moves it to the other one.
    const moved = { ...task, WhoId: leadId(2), SystemModstamp: iso(BASE + HOUR) };
    await syncEvents(deps, await deps.store.applyPage('Task', [moved]));

    const later = BASE + 30 * HOUR;
    const full = await classifyOwners(deps, await readingAt(deps, later), 'full');
    expect(full.get(userId(1))?.listed).toContain(leadId(1));
    expect(await classifyOwners(deps, await readingAt(deps, later), 'index')).toEqual(full);
  });

  it('shows a touch stored after indexing whose event is still queued (the lead is not nudged)', async () => {
    const deps = depsFor(fixture, policyWith([]));
    await deps.store.applyPage('User', [makeUser({ Id: userId(1), TimeZoneSidKey: 'UTC' })]);
    const created = BASE - 30 * HOUR;
    const leads = [1, 2].map((n) =>
      makeLead({
        Id: leadId(n),
        OwnerId: userId(1),
        CreatedDate: iso(created),
        SystemModstamp: iso(created),
      }),
    );
    await deps.store.applyPage('Lead', leads);
    await indexLeads(deps, [leadId(1), leadId(2)], { now: new Date(BASE - HOUR) });
    const before = await classifyOwners(deps, await readingAt(deps, BASE), 'index');
    expect(before.get(userId(1))?.listed).toEqual([leadId(1), leadId(2)]);

    // Sync stored the call; its activity.logged event has not been handled yet (no re-index).
    const call = makeTask({ WhoId: leadId(1), OwnerId: userId(1), CreatedDate: iso(BASE - 10 * 60_000) });
    await deps.store.applyPage('Task', [call]);

    const full = await classifyOwners(deps, await readingAt(deps, BASE), 'full');
    expect(full.get(userId(1))?.listed).toEqual([leadId(2)]);
    expect(await classifyOwners(deps, await readingAt(deps, BASE), 'index')).toEqual(full);
  });

  it('classifies entries written before facts were kept (`state:dueAt`) by reading their facts', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const org = new RandomOrg(deps, 4242);
    await org.build(300);
    await runSlaReindex(deps, 'test', () => new Date(BASE));
    const index = new SlaIndexStore(deps);
    for (const user of org.users) {
      const key = deps.keys('nudges', 'sla', `{owner:${user.Id}}`, 'state');
      const ids = await deps.redis.hkeys(key);
      const states = await index.states(user.Id, ids);
      if (states.size > 0) await deps.redis.hset(key, Object.fromEntries(states));
    }
    const stored = await deps.redis.hvals(deps.keys('nudges', 'sla', `{owner:${userId(1)}}`, 'state'));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((value) => !value.startsWith('{'))).toBe(true);

    const later = BASE + 40 * HOUR;
    const full = await classifyOwners(deps, await readingAt(deps, later), 'full');
    expect(full.size).toBeGreaterThan(0);
    expect(await classifyOwners(deps, await readingAt(deps, later), 'index')).toEqual(full);
  });

  it("keeps an owner's bound at their next instant: raised once their due lead is touched, lowered by a new one", async () => {
    const deps = depsFor(fixture, policyWith([]));
    await deps.store.applyPage('User', [makeUser({ Id: userId(1), TimeZoneSidKey: 'UTC' })]);
    const created = BASE - 30 * HOUR;
    const lead = makeLead({
      Id: leadId(1),
      OwnerId: userId(1),
      CreatedDate: iso(created),
      SystemModstamp: iso(created),
    });
    await deps.store.applyPage('Lead', [lead]);
    await indexLeads(deps, [leadId(1)], { now: new Date(BASE) });
    const index = new SlaIndexStore(deps);
    expect(await index.dueOwners(new Date(BASE))).toEqual([userId(1)]);

    const touch = makeTask({ WhoId: leadId(1), OwnerId: userId(1), CreatedDate: iso(BASE - HOUR) });
    await syncEvents(deps, await deps.store.applyPage('Task', [touch]));
    // The touch moved the entry on, but the bound only ever falls when written: still listed.
    expect(await index.dueOwners(new Date(BASE))).toEqual([userId(1)]);
    expect(await classifyOwners(deps, await readingAt(deps, BASE), 'index')).toEqual(new Map());
    expect(await index.dueOwners(new Date(BASE))).toEqual([]);

    const fresh = makeLead({
      Id: leadId(2),
      OwnerId: userId(1),
      CreatedDate: iso(created),
      SystemModstamp: iso(created),
    });
    await syncEvents(deps, await deps.store.applyPage('Lead', [fresh]));
    expect(await index.dueOwners(new Date(BASE))).toEqual([userId(1)]);
    const listed = await classifyOwners(deps, await readingAt(deps, BASE), 'index');
    expect(listed.get(userId(1))?.listed).toEqual([leadId(2)]);
  });
});
