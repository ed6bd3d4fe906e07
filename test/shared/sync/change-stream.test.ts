import { afterEach, describe, expect, it } from 'vitest';
import { readReplayId, readStreamHealth } from '../../../src/shared/sync/change-stream-state.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { useRedis } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { repId, startStreamWorld, untilSubscribed, type StreamWorld } from './change-stream-setup.ts';

const HOUR_MS = 3_600_000;

describe('Change Data Capture: the change stream feeds the store', () => {
  const fixture = useRedis();
  let world: StreamWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const state = () => ({ redis: fixture.redis, keys: keyspace(fixture.prefix) });
  const newLead = (w: StreamWorld, lastName: string) =>
    String(w.emulator.store.insert('Lead', { LastName: lastName, Company: 'Acme', OwnerId: repId })['Id']);
  const untilStored = (w: StreamWorld, leadId: string) =>
    waitFor(async () => ((await w.store.get('Lead', leadId)) ? true : undefined), `lead ${leadId} stored`);
  const untilLive = () =>
    waitFor(async () => ((await readStreamHealth(state()))?.status === 'live' ? true : undefined), 'live');

  it('a lead written in the emulator reaches the store and a domain event through the stream, no polling', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    await untilLive();
    await waitForQueuesToDrain(world.jobs);
    const syncsBefore = await world.syncRuns();
    world.emulator.requests.length = 0;

    const leadId = newLead(world, 'Streamed');
    await untilStored(world, leadId);
    await waitFor(
      async () => ((await world?.createdEvents(leadId)) === 1 ? true : undefined),
      'lead.created',
    );
    expect(await world.syncRuns()).toBe(syncsBefore);
    // With the stream live, polling is only a safety net (SF_CDC_SAFETY_NET_SECONDS, default 900).
    expect(await world.pollingEveryMs()).toBe(900_000);
    const queries = world.emulator.requests.flatMap((r) => (r.soql ? [r.soql] : []));
    expect(queries.some((soql) => soql.includes(`Id IN ('${leadId}')`))).toBe(true);
    expect(await readReplayId(state())).not.toBeNull();
  });

  it('a restart resumes from the stored replay id: nothing lost, nothing doubled', async () => {
    world = await startStreamWorld(fixture);
    const first = world.consumer();
    await first.start();
    await untilSubscribed(world.emulator, 1);
    const before = newLead(world, 'Before restart');
    await untilStored(world, before);
    await waitFor(async () => ((await world?.createdEvents(before)) === 1 ? true : undefined), 'event');
    await first.stop();
    const stored = await readReplayId(state());

    const whileDown = [newLead(world, 'While down 1'), newLead(world, 'While down 2')];
    const second = world.consumer();
    await second.start();
    for (const leadId of whileDown) await untilStored(world, leadId);
    await waitForQueuesToDrain(world.jobs);
    const after = newLead(world, 'After restart');
    await untilStored(world, after);
    await waitForQueuesToDrain(world.jobs);
    for (const leadId of [before, ...whileDown, after]) expect(await world.createdEvents(leadId)).toBe(1);
    expect(await readReplayId(state())).not.toBe(stored);
  });

  it('an expired replay id falls back to an incremental query, then streams from the tip', async () => {
    world = await startStreamWorld(fixture);
    const first = world.consumer();
    await first.start();
    await untilSubscribed(world.emulator, 1);
    await untilStored(world, newLead(world, 'Seen by the stream'));
    await first.stop();
    await waitForQueuesToDrain(world.jobs);

    world.setNow(Date.now() + 73 * HOUR_MS);
    const missed = newLead(world, 'Written while the replay id expired');
    const syncsBefore = await world.syncRuns();
    await world.consumer().start();
    await untilStored(world, missed);
    // The sync job marks itself completed after it has stored the page.
    await waitForQueuesToDrain(world.jobs);
    expect(await world.syncRuns()).toBeGreaterThan(syncsBefore);
    expect(await world.createdEvents(missed)).toBe(1);
    await untilLive();
    await untilStored(world, newLead(world, 'After the fallback'));
  });

  it('a gap event triggers the incremental query', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    await untilLive();
    await waitForQueuesToDrain(world.jobs);
    const lead = [...world.emulator.store.records('Lead')].find(
      (l) => l['IsDeleted'] !== true && l['IsConverted'] !== true && l['Status'] === 'Open - Not Contacted',
    );
    const leadId = String(lead?.['Id']);
    // A change the stream never describes (load() publishes nothing), as behind a gap event.
    const stamp = new Date(Date.now() + 1000).toISOString().replace('Z', '+0000');
    world.emulator.store.load('Lead', [{ ...lead, Status: 'Working - Contacted', SystemModstamp: stamp }]);
    const syncsBefore = await world.syncRuns();
    world.emulator.controls.publishGap('Lead', 'GAP_UPDATE', [leadId]);
    await waitFor(
      async () =>
        (await world?.store.get('Lead', leadId))?.Status === 'Working - Contacted' ? true : undefined,
      'the gap caught up by query',
    );
    await waitForQueuesToDrain(world.jobs);
    expect(await world.syncRuns()).toBeGreaterThan(syncsBefore);
  });

  it('an auth error logs in again and resubscribes from the stored replay id', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    await untilStored(world, newLead(world, 'Before expiry'));
    world.emulator.controls.expireAllSessions();
    const leadId = newLead(world, 'After expiry');
    await untilSubscribed(world.emulator, 2);
    await untilStored(world, leadId);
    await waitForQueuesToDrain(world.jobs);
    expect(await world.createdEvents(leadId)).toBe(1);
  });

  it('two consumers: one holds the lease; the other takes over once the holder stops renewing', async () => {
    world = await startStreamWorld(fixture);
    const a = world.consumer({ leaseMs: 2000 });
    const b = world.consumer({ leaseMs: 2000 });
    await a.start();
    await b.start();
    expect([a.consuming, b.consuming]).toEqual([true, false]);
    await untilSubscribed(world.emulator, 1);
    await a.stop({ release: false });
    await waitFor(async () => (b.consuming ? true : undefined), 'b takes over');
    await untilSubscribed(world.emulator, 2);
    await untilStored(world, newLead(world, 'After takeover'));
  });
});
