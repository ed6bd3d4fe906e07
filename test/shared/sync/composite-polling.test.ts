import { afterEach, describe, expect, it } from 'vitest';
import type { DOMAIN_EVENT_JOB } from '../../../src/platform/jobs/event-bus.ts';
import { DomainEventBus } from '../../../src/platform/jobs/event-bus.ts';
import { defineQueue } from '../../../src/platform/jobs/queue-spec.ts';
import { domainEventId, type DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { DEFAULT_SYNC_OPTIONS, SalesforceSync, type SyncOptions } from '../../../src/shared/sync/sync.ts';
import { syncStateKeys } from '../../../src/shared/sync/sync-state.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';

const logger = createLogger({ level: 'silent' });
const ALL_OBJECTS = DEFAULT_SYNC_OPTIONS.objects;

/**
 * Polling at the floor (issue 13, item 6): after the back-fill, each cycle sends the objects'
 * incremental queries together in Composite requests of up to five, which Salesforce (and the
 * emulator) counts as one API call each. API calls are counted by the emulator, not by sync.
 */
describe('incremental sync through /composite', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let runtime: JobRuntime | undefined;

  afterEach(async () => {
    await runtime?.close(1000);
    runtime = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(options: Partial<SyncOptions> = {}) {
    const started = await emulatorWithConnection();
    emulator = started.emulator;
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    runtime = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
    const bus = new DomainEventBus<DomainEvent>(runtime, domainEventId);
    bus.subscribe(defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('contests'));
    const sync = new SalesforceSync(
      { conn: started.conn, store, redis: fixture.redis, keys, bus, logger },
      options,
    );
    const emu = started.emulator;
    /** Runs a cycle; answers its report and the API calls the emulator counted for it. */
    const cycle = async () => {
      const before = emu.controls.apiUsage().used;
      const report = await sync.syncOnce();
      return { report, counted: emu.controls.apiUsage().used - before };
    };
    const statusesDue = () => fixture.redis.del(syncStateKeys(keys).leadStatuses);
    return { emu, store, sync, cycle, statusesDue, queue: runtime.queueNamed('contests') };
  }

  const byObject = (report: Awaited<ReturnType<SalesforceSync['syncOnce']>>) =>
    Object.fromEntries(report.objects.map((o) => [o.object, o]));

  it.each([
    { objects: ALL_OBJECTS, calls: 2 },
    { objects: ALL_OBJECTS.slice(0, 5), calls: 1 },
    { objects: ALL_OBJECTS.slice(0, 3), calls: 1 },
  ])(
    'an idle cycle over $objects.length objects costs ceil(objects / 5) = $calls API calls',
    async ({ objects, calls }) => {
      const { emu, cycle } = await setup({ objects });
      const backfill = await cycle();
      expect(backfill.report.objects.every((o) => o.firstRun)).toBe(true);
      // The back-fill reads each object on its own, plus the hourly Lead statuses, plus the owner
      // history of the open leads it stored (LeadHistory, one query per 300 leads).
      const history = emu.requests.filter((r) => r.api && /FROM LeadHistory/i.test(r.soql ?? ''));
      expect(history.length).toBeGreaterThan(0);
      expect(backfill.counted).toBe(objects.length + 1 + history.length);
      expect(backfill.report.apiCalls).toBe(backfill.counted);

      emu.requests.length = 0;
      const idle = await cycle();
      expect(idle.counted).toBe(calls);
      expect(idle.report.apiCalls).toBe(calls);
      expect(idle.report.objects.map((o) => o.object)).toEqual(objects);
      expect(idle.report.objects.every((o) => o.batched === true && o.apiCalls === 0 && o.stored === 0)).toBe(
        true,
      );
      const api = emu.requests.filter((r) => r.api);
      expect(api.map((r) => `${r.method} ${r.path}`)).toEqual(
        Array(calls).fill('POST /services/data/v64.0/composite'),
      );
      expect(emu.requests.filter((r) => r.subrequest && /\/queryAll\/?$/.test(r.path))).toHaveLength(
        objects.length,
      );
    },
  );

  it('the hourly Lead-status read rides in a request with a free query slot', async () => {
    const seven = await setup();
    await seven.cycle();
    await seven.statusesDue();
    seven.emu.requests.length = 0;
    const due = await seven.cycle();
    expect(due.counted).toBe(2);
    expect(due.report.apiCalls).toBe(2);
    expect(
      seven.emu.requests.filter((r) => r.subrequest && /FROM LeadStatus/.test(r.soql ?? '')),
    ).toHaveLength(1);
    expect(await seven.sync.syncLeadStatuses()).toBe(0); // stored again: fresh for the hour
  });

  it('with every request full, the hourly Lead-status read takes one call of its own', async () => {
    const five = await setup({ objects: ALL_OBJECTS.slice(0, 5) });
    await five.cycle();
    await five.statusesDue();
    const full = await five.cycle();
    expect(full.counted).toBe(2);
    expect(full.report.apiCalls).toBe(2);
    expect((await five.cycle()).counted).toBe(1);
  });

  it('a cycle with new rows stores them and emits the same domain events, in the same calls', async () => {
    const { emu, store, cycle, queue } = await setup();
    await cycle();
    const lead = [...emu.store.records('Lead')].find(
      (l) => l['Status'] === 'Open - Not Contacted' && l['IsDeleted'] !== true && l['IsConverted'] !== true,
    );
    const leadId = String(lead?.['Id']);
    await new Promise((resolve) => setTimeout(resolve, 5)); // SystemModstamp moves on
    emu.store.update('Lead', leadId, { Status: 'Working - Contacted' });
    const created = emu.store.insert('Lead', {
      LastName: 'Composite',
      Company: 'Batch Co',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
    });
    const task = emu.store.insert('Task', {
      WhoId: leadId,
      OwnerId: lead?.['OwnerId'],
      Subject: 'Call',
      TaskSubtype: 'Call',
      Status: 'Completed',
    });
    const changed = await cycle();
    expect(changed.counted).toBe(2);
    expect(changed.report.apiCalls).toBe(2);
    expect(byObject(changed.report)['Lead']?.stored).toBe(2);
    expect(byObject(changed.report)['Task']?.stored).toBe(1);
    expect((await store.get('Lead', String(created['Id'])))?.Company).toBe('Batch Co');
    expect((await store.get('Lead', leadId))?.Status).toBe('Working - Contacted');
    expect((await store.activitiesOn(leadId)).tasks.map((t) => t.Id)).toContain(task['Id']);
    const types = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).map(
      (job) => (job.data as { type: string }).type,
    );
    expect(types.sort()).toEqual(['activity.logged', 'lead.created', 'lead.status_changed']);
  });

  it("one object's INVALID_FIELD drops the field and asks that object again alone; the others sync", async () => {
    const { emu, cycle } = await setup();
    await cycle();
    emu.controls.hideField('Lead', 'Rating');
    const lead = emu.store.insert('Lead', {
      LastName: 'Hidden',
      Company: 'Rating Co',
      Status: 'Open - Not Contacted',
    });
    emu.store.insert('Task', {
      WhoId: lead['Id'],
      OwnerId: lead['OwnerId'],
      Subject: 'Email',
      Status: 'Completed',
    });
    emu.requests.length = 0;
    const dropped = await cycle();
    // Two composite requests, then Lead alone without Rating.
    expect(dropped.counted).toBe(3);
    expect(dropped.report.apiCalls).toBe(3);
    expect(byObject(dropped.report)['Lead']).toMatchObject({
      access: 'ok',
      droppedFields: ['Rating'],
      stored: 1,
    });
    expect(byObject(dropped.report)['Task']).toMatchObject({ access: 'ok', stored: 1, batched: true });
    const failed = emu.requests.filter((r) => r.subrequest && r.status === 400);
    expect(failed.map((r) => r.soql)).toEqual([expect.stringMatching(/Rating.*FROM Lead/)]);

    // Remembered: the next cycle leaves Rating out inside the composite request.
    const next = await cycle();
    expect(next.counted).toBe(2);
    expect(byObject(next.report)['Lead']).toMatchObject({ droppedFields: ['Rating'], batched: true });
  });

  it('an optional object refused inside the request is "no access"; a required one fails by name', async () => {
    const { emu, cycle } = await setup();
    await cycle();
    emu.controls.denyObject('Opportunity');
    const denied = await cycle();
    expect(denied.counted).toBe(2);
    expect(byObject(denied.report)['Opportunity']).toMatchObject({ access: 'no-access', apiCalls: 0 });
    expect(byObject(denied.report)['Lead']).toMatchObject({ access: 'ok' });
    // Skipped for the hour: six objects still fit in two requests.
    expect((await cycle()).counted).toBe(2);

    emu.controls.denyObject('Task');
    await expect(cycle()).rejects.toThrow(/cannot read Task, which bullpen requires/);
  });

  it('a page past the first costs one more call, for that object only', async () => {
    const { emu, cycle } = await setup({ batchSize: 200 });
    await cycle();
    const lead = [...emu.store.records('Lead')][0];
    for (let n = 0; n < 250; n += 1) {
      emu.store.insert('Task', {
        WhoId: lead?.['Id'],
        OwnerId: lead?.['OwnerId'],
        Subject: `T${n}`,
        Status: 'Completed',
      });
    }
    const paged = await cycle();
    const tasks = byObject(paged.report)['Task'];
    expect(tasks?.stored).toBe(250);
    expect(tasks?.apiCalls).toBe(Math.ceil((tasks?.fetched ?? 0) / 200) - 1);
    expect(tasks?.apiCalls).toBeGreaterThanOrEqual(1);
    const pages = paged.report.objects.reduce((sum, o) => sum + o.apiCalls, 0);
    expect(paged.counted).toBe(2 + pages);
    expect(paged.report.apiCalls).toBe(paged.counted);
  });
});
