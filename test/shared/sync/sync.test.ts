import type { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import type { DOMAIN_EVENT_JOB } from '../../../src/platform/jobs/event-bus.ts';
import { DomainEventBus } from '../../../src/platform/jobs/event-bus.ts';
import { defineQueue } from '../../../src/platform/jobs/queue-spec.ts';
import { domainEventId, type DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { classifySalesforceError } from '../../../src/platform/salesforce/connection.ts';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { SalesforceSync, type SyncOptions } from '../../../src/shared/sync/sync.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';

const logger = createLogger({ level: 'silent' });

describe('Salesforce incremental sync against the emulator', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let runtime: JobRuntime | undefined;

  afterEach(async () => {
    await runtime?.close(1000);
    runtime = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(options: Partial<SyncOptions> = {}, emulatorOptions = {}) {
    const started = await emulatorWithConnection(emulatorOptions);
    emulator = started.emulator;
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    runtime = new JobRuntime({ redisUrl: TEST_REDIS_URL, prefix: fixture.prefix, logger });
    const bus = new DomainEventBus<DomainEvent>(runtime, domainEventId);
    bus.subscribe(defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('contests'));
    const make = (conn: Connection, afterPage?: (object: string, page: number) => void) =>
      new SalesforceSync(
        { conn, store, redis: fixture.redis, keys, bus, logger, ...(afterPage ? { afterPage } : {}) },
        options,
      );
    return { ...started, store, keys, sync: make(started.conn), make, queue: runtime.queueNamed('contests') };
  }

  const openLeadCount = (emu: SalesforceEmulator): number =>
    [...emu.store.records('Lead')].filter((l) => l['IsDeleted'] !== true).length;

  it('back-fills on the first run, then reads only changes; a re-run changes nothing', async () => {
    const { sync, store, queue, emulator: emu } = await setup();
    const first = await sync.syncOnce();
    const leads = first.objects.find((o) => o.object === 'Lead');
    expect(leads?.firstRun).toBe(true);
    expect(leads?.stored).toBeGreaterThan(100);
    expect(await store.count('Lead')).toBe(leads?.stored);
    expect(await store.count('User')).toBe(emu.store.count('User'));
    // A back-fill is history, not news: no domain events.
    expect(await queue.count()).toBe(0);

    const again = await sync.syncOnce();
    expect(again.objects.every((o) => o.stored === 0 && !o.firstRun)).toBe(true);
    expect(await queue.count()).toBe(0);
    expect(openLeadCount(emu)).toBeGreaterThanOrEqual(leads?.stored ?? 0);
  });

  it('turns a status change, a new and a deleted task, and a conversion into domain events', async () => {
    const { sync, store, queue, emulator: emu } = await setup();
    await sync.syncOnce();
    const lead = [...emu.store.records('Lead')].find(
      (l) => l['Status'] === 'Open - Not Contacted' && l['IsDeleted'] !== true && l['IsConverted'] !== true,
    );
    const other = [...emu.store.records('Lead')].find(
      (l) => l['Id'] !== lead?.['Id'] && l['IsDeleted'] !== true && l['IsConverted'] !== true,
    );
    expect(lead && other).toBeTruthy();
    const leadId = String(lead?.['Id']);
    await new Promise((r) => setTimeout(r, 5)); // SystemModstamp moves on
    emu.store.update('Lead', leadId, { Status: 'Working - Contacted' });
    const task = emu.store.insert('Task', {
      WhoId: leadId,
      OwnerId: lead?.['OwnerId'],
      Subject: 'Call',
      TaskSubtype: 'Call',
      Status: 'Completed',
      ActivityDate: new Date().toISOString().slice(0, 10),
    });
    const doomed = emu.store.insert('Task', {
      WhoId: leadId,
      OwnerId: lead?.['OwnerId'],
      Subject: 'Email',
      TaskSubtype: 'Email',
      Status: 'Completed',
    });
    await sync.syncOnce();
    emu.store.delete('Task', String(doomed['Id']));
    emu.store.convertLead(String(other?.['Id']));
    const report = await sync.syncOnce();

    expect(report.objects.find((o) => o.object === 'Task')?.deleted).toBe(1);
    const types = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).map(
      (j) => (j.data as { type: string }).type,
    );
    expect(types.sort()).toEqual(
      // Converting a lead also moves its status to 'Closed - Converted'.
      [
        'activity.deleted',
        'activity.logged',
        'activity.logged',
        'lead.converted',
        'lead.status_changed',
        'lead.status_changed',
      ].sort(),
    );
    const stored = await store.activitiesOn(leadId);
    expect(stored.tasks.map((t) => t.Id)).toContain(task['Id']);
    expect((await store.get('Task', String(doomed['Id'])))?.IsDeleted).toBe(true);
    expect((await store.get('Lead', String(other?.['Id'])))?.IsConverted).toBe(true);

    // Publishing the same changes again (a retried sync) enqueues nothing new.
    const before = await queue.count();
    await sync.syncOnce();
    expect(await queue.count()).toBe(before);
  });

  it('resumes after a crash between two pages without loss or duplicates', async () => {
    const { make, conn, store, emulator: emu } = await setup({ batchSize: 200, bulkThreshold: 1_000_000 });
    let crashed = false;
    const crashing = make(conn, (object, page) => {
      if (object === 'Lead' && page === 1 && !crashed) {
        crashed = true;
        throw new Error('worker killed');
      }
    });
    await expect(crashing.syncOnce()).rejects.toThrow('worker killed');
    const partial = await store.count('Lead');
    expect(partial).toBe(200);

    const fresh = make(conn);
    await fresh.syncOnce();
    const expected = [...emu.store.records('Lead')].filter(
      (l) =>
        l['IsDeleted'] !== true &&
        ((l['IsConverted'] !== true &&
          ['Open - Not Contacted', 'Working - Contacted'].includes(String(l['Status']))) ||
          Date.parse(String(l['CreatedDate'])) >= Date.now() - 90 * 86_400_000),
    ).length;
    expect(await store.count('Lead')).toBe(expected);
  });

  it('logs in again on INVALID_SESSION_ID and carries on', async () => {
    const { sync, emulator: emu } = await setup();
    await sync.syncOnce();
    emu.controls.expireAllSessions();
    emu.store.insert('Lead', {
      LastName: 'Expiry',
      Company: 'Session Co',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
    });
    const report = await sync.syncOnce();
    expect(report.objects.find((o) => o.object === 'Lead')?.stored).toBe(1);
  });

  it('stops on REQUEST_LIMIT_EXCEEDED without moving the watermark, and the next run catches up', async () => {
    const { sync, emulator: emu, store } = await setup();
    await sync.syncOnce();
    const watermark = await sync.watermark('Lead');
    emu.store.insert('Lead', {
      LastName: 'Limited',
      Company: 'Budget Co',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
    });
    emu.controls.failNext(1, {
      status: 403,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    const error = await sync.syncOnce().then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifySalesforceError(error)).toBe('api-limit');
    expect(await sync.watermark('Lead')).toEqual(watermark);
    await sync.syncOnce();
    const all: string[] = [];
    for await (const chunk of store.scan('Lead')) all.push(...chunk.map((l) => l.Name));
    expect(all).toContain('Limited');
  });

  it('retries 5xx answers and reports API usage from Sforce-Limit-Info', async () => {
    const { sync, emulator: emu } = await setup();
    emu.controls.failNext(2, { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'try later' });
    const report = await sync.syncOnce();
    expect(report.apiUsage?.limit).toBe(100_000);
    expect(report.apiUsage?.used).toBeGreaterThan(0);
    expect(report.objects.find((o) => o.object === 'Lead')?.stored).toBeGreaterThan(0);
  });

  it('uses Bulk API 2.0 for a large first run and pages through REST afterwards', async () => {
    // Small result pages: jsforce's own bulk2.query breaks on a second page; ours must not.
    const {
      sync,
      store,
      emulator: emu,
    } = await setup({ bulkThreshold: 50, bulkPageSize: 70, batchSize: 200 });
    const report = await sync.syncOnce();
    const leads = report.objects.find((o) => o.object === 'Lead');
    expect(leads?.mode).toBe('bulk');
    expect(await store.count('Lead')).toBe(leads?.stored);
    expect(leads?.stored).toBeGreaterThan(140);
    const resultPages = emu.requests.filter(
      (r) => /\/jobs\/query\/[^/]+\/results/.test(r.path) && r.status === 200,
    );
    expect(resultPages.length).toBeGreaterThan(2);
    const again = await sync.syncOnce();
    expect(again.objects.find((o) => o.object === 'Lead')?.mode).toBe('rest');
  });
});
