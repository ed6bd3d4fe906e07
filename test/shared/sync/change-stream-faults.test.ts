import { afterEach, describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import { changeStreamCheck } from '../../../src/shared/sync/change-stream-doctor.ts';
import { schedulePolling } from '../../../src/shared/sync/sync-jobs.ts';
import { readStreamHealth } from '../../../src/shared/sync/change-stream-state.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { repId, startStreamWorld, untilSubscribed, type StreamWorld } from './change-stream-setup.ts';

const env = { SF_CDC: 'auto', SF_SYNC_INTERVAL_SECONDS: 3600, SF_CDC_SAFETY_NET_SECONDS: 900 } as const;

describe('Change Data Capture: a stream that drops, is refused, or carries what bullpen does not sync', () => {
  const fixture = useRedis();
  let world: StreamWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const state = () => ({ redis: fixture.redis, keys: keyspace(fixture.prefix) });
  const health = () => readStreamHealth(state());
  const newLead = (w: StreamWorld, lastName: string) =>
    String(w.emulator.store.insert('Lead', { LastName: lastName, Company: 'Acme', OwnerId: repId })['Id']);
  const untilStored = (w: StreamWorld, leadId: string) =>
    waitFor(async () => ((await w.store.get('Lead', leadId)) ? true : undefined), `lead ${leadId} stored`);

  it('a dropped stream reconnects and resumes; nothing is lost', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    world.emulator.controls.dropPubSubStreams();
    const leadId = newLead(world, 'While reconnecting');
    await untilSubscribed(world.emulator, 2);
    await untilStored(world, leadId);
    await waitForQueuesToDrain(world.jobs);
    expect(await world.createdEvents(leadId)).toBe(1);
  });

  it('an event for an entity bullpen does not stream is skipped and the stream kept', async () => {
    world = await startStreamWorld(fixture);
    world.emulator.controls.setChangeDataCapture([
      'Lead',
      'Task',
      'Event',
      'Opportunity',
      'User',
      'Campaign',
    ]);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    world.emulator.store.insert('Campaign', { Name: 'Not streamed', IsActive: true });
    const leadId = newLead(world, 'After the campaign');
    await untilStored(world, leadId);
    expect(world.emulator.controls.pubsubSubscriptions()).toEqual({ started: 1, live: 1 });
  });

  it('an event that does not decode is logged, the stream kept, and the change read by query', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer().start();
    await untilSubscribed(world.emulator, 1);
    await waitFor(async () => ((await health())?.status === 'live' ? true : undefined), 'live');
    await waitForQueuesToDrain(world.jobs);
    const lead = [...world.emulator.store.records('Lead')].find(
      (l) => l['IsDeleted'] !== true && l['IsConverted'] !== true && l['Status'] === 'Open - Not Contacted',
    );
    const leadId = String(lead?.['Id']);
    // A change the stream cannot describe: the record moves silently and its event is garbage.
    const stamp = new Date(Date.now() + 1000).toISOString().replace('Z', '+0000');
    world.emulator.store.load('Lead', [{ ...lead, Status: 'Working - Contacted', SystemModstamp: stamp }]);
    world.emulator.controls.publishUndecodable('Lead');
    await waitFor(
      async () =>
        (await world?.store.get('Lead', leadId))?.Status === 'Working - Contacted' ? true : undefined,
      'the change read by query',
    );
    await untilStored(world, newLead(world, 'After the bad event'));
    expect(world.emulator.controls.pubsubSubscriptions()).toEqual({ started: 1, live: 1 });
  });

  it('CDC not enabled for every entity: doctor says which, and polling keeps its pace', async () => {
    world = await startStreamWorld(fixture);
    world.emulator.controls.setChangeDataCapture(['Lead', 'User']);
    await world.consumer().start();
    const refused = await waitFor(async () => {
      const current = await health();
      return current?.status === 'unavailable' ? current : undefined;
    }, 'the stream refused');
    const check = changeStreamCheck(env, refused);
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(
      /Change Data Capture not available \(\/data\/TaskChangeEvent .*\/data\/EventChangeEvent/,
    );
    expect(check.detail).not.toMatch(/LeadChangeEvent/);
    expect(check.fix).toMatch(/Setup > Change Data Capture/);
    expect(await world.pollingEveryMs()).toBe(3_600_000);
  });

  it('a worker starting elsewhere resets the polling pace; the stream holder puts the safety net back', async () => {
    world = await startStreamWorld(fixture);
    await world.consumer({ leaseMs: 2000 }).start();
    const safetyNet = async () => ((await world?.pollingEveryMs()) === 900_000 ? true : undefined);
    await waitFor(safetyNet, 'polling at the safety net');
    // What registerSalesforceJobs does when any worker starts.
    await schedulePolling(world.jobs, 3_600_000);
    await waitFor(safetyNet, 'the safety net restored');
  });

  it('SF_CDC=off: no stream, and doctor says polling is all there is', async () => {
    world = await startStreamWorld(fixture, { SF_CDC: 'off' });
    const consumer = world.consumer();
    await consumer.start();
    expect(consumer.consuming).toBe(false);
    const check = changeStreamCheck({ ...env, SF_CDC: 'off' }, await health());
    expect(check).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/^SF_CDC=off: polling every 3600s/),
    });
    expect(world.emulator.controls.pubsubSubscriptions().started).toBe(0);
  });
});
