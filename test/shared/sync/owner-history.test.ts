import { PassThrough } from 'node:stream';
import type { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRepIds } from '@bullpen/demo-company';
import { generateDataset, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { DomainEventBus } from '../../../src/platform/jobs/event-bus.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { syncHealthChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { domainEventId, type DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { LeadAssignments } from '../../../src/shared/sync/lead-assignments.ts';
import { LEAD_HISTORY_CHUNK } from '../../../src/shared/sync/owner-history.ts';
import { SalesforceSync, type SyncOptions } from '../../../src/shared/sync/sync.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { emulatorOrgEnv, emulatorWithConnection } from '../../helpers/salesforce.ts';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-03-02T15:00:00.000Z');
const [REP_A = '', REP_B = '', REP_C = ''] = demoRepIds;

describe('owner history: when the current owner got each lead', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let runtime: JobRuntime | undefined;
  let nowMs = START;

  afterEach(async () => {
    await runtime?.close(1000);
    runtime = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(options: Partial<SyncOptions> = {}, seed: 'empty' | { leads: number } = 'empty') {
    nowMs = START;
    const started = await emulatorWithConnection({ seed, now: () => nowMs });
    emulator = started.emulator;
    // An org with the demo people and no records of theirs yet.
    if (seed === 'empty') emulator.store.load('User', generateDataset({ leads: 0, now: START }).User);
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    runtime = new JobRuntime({
      redisUrl: TEST_REDIS_URL,
      prefix: fixture.prefix,
      logger: createLogger({ level: 'silent' }),
    });
    const bus = new DomainEventBus<DomainEvent>(runtime, domainEventId);
    const logs: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
    const logger = createLogger({ level: 'warn', destination });
    const make = (conn: Connection) =>
      new SalesforceSync(
        { conn, store, redis: fixture.redis, keys, bus, logger, now: () => new Date(nowMs) },
        options,
      );
    const assignments = new LeadAssignments(fixture.redis, keys);
    return { emu: started.emulator, sync: make(started.conn), store, assignments, logs };
  }

  /** A lead created two days ago by REP_A's assignment, then given to REP_B now (emulator time). */
  function reassignedLead(emu: SalesforceEmulator): { leadId: string; reassignedAt: number } {
    nowMs = START - 2 * DAY_MS;
    const lead = emu.store.insert('Lead', {
      LastName: 'Moved',
      Company: 'Moved Inc',
      OwnerId: REP_A,
      LeadSource: 'Web',
    });
    nowMs = START - 60_000;
    emu.store.update('Lead', String(lead['Id']), { OwnerId: REP_B });
    nowMs = START;
    return { leadId: String(lead['Id']), reassignedAt: START - 60_000 };
  }

  const doctorCheck = async (emu: SalesforceEmulator) =>
    (await syncHealthChecks(loadConfig(emulatorOrgEnv(emu, fixture.prefix)))).find(
      (check) => check.name === 'lead-owner-history',
    );

  it("the first run back-fills a reassignment from LeadHistory at the reassignment's instant", async () => {
    const { emu, sync, store, assignments } = await setup();
    const { leadId, reassignedAt } = reassignedLead(emu);
    const untouched = emu.store.insert('Lead', { LastName: 'Stayed', Company: 'Stayed Inc', OwnerId: REP_C });
    await sync.syncOnce();

    expect(await assignments.get(leadId)).toMatchObject({
      ownerId: REP_B,
      at: new Date(reassignedAt).toISOString(),
      source: 'history',
      history: [
        { owner: REP_B, from: REP_A, source: 'history' },
        { owner: REP_A, from: null, source: 'created', at: new Date(START - 2 * DAY_MS).toISOString() },
      ],
    });
    const leads = await store.getMany('Lead', [leadId, String(untouched['Id'])]);
    const assignedAt = await store.leadAssignedAt(leads);
    expect(assignedAt.get(leadId)?.getTime()).toBe(reassignedAt);
    // Never reassigned: no record, so its clock stays at CreatedDate.
    expect(assignedAt.has(String(untouched['Id']))).toBe(false);
    expect(await doctorCheck(emu)).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^LeadHistory read: 1 /),
    });
  });

  it('back-fills the demo company’s reassigned leads, in LeadId IN queries of at most 300 Ids', async () => {
    const { emu, sync, store } = await setup({}, { leads: 800 });
    const report = await sync.syncOnce();
    const historyQueries = emu.requests.filter(
      (r) => r.soql !== undefined && /FROM LeadHistory\b/.test(r.soql),
    );
    const open = [...emu.store.records('Lead')].filter((l) => l['IsConverted'] !== true).length;
    // One page of 800 leads: its open ones, 300 to a query.
    expect(open).toBeGreaterThan(2 * LEAD_HISTORY_CHUNK);
    expect(historyQueries).toHaveLength(Math.ceil(open / LEAD_HISTORY_CHUNK));
    const idsPerQuery = historyQueries.map((r) => (r.soql?.match(/'00Q/g) ?? []).length);
    expect(Math.max(...idsPerQuery)).toBe(LEAD_HISTORY_CHUNK);
    expect(idsPerQuery.reduce((a, b) => a + b, 0)).toBe(open);
    expect(report.objects.find((o) => o.object === 'Lead')?.apiCalls).toBe(1 + historyQueries.length);
    const moved = [...emu.store.records('LeadHistory')].filter((row) => row['DataType'] === 'EntityId');
    expect(moved.length).toBeGreaterThan(0);
    for (const row of moved) {
      const lead = await store.get('Lead', String(row['LeadId']));
      if (!lead || lead.IsConverted) continue;
      const at = (await store.leadAssignedAt([lead])).get(lead.Id);
      expect(at?.toISOString()).toBe(new Date(String(row['CreatedDate'])).toISOString());
    }
  });

  it('without LeadHistory access, clocks fall back to CreatedDate: said once in the log and in doctor', async () => {
    const { emu, sync, store, logs } = await setup({ batchSize: 200 });
    emu.controls.denyObject('LeadHistory');
    const { leadId } = reassignedLead(emu);
    for (let index = 0; index < 250; index += 1) {
      emu.store.insert('Lead', { LastName: `Other ${index}`, Company: 'Other Inc', OwnerId: REP_C });
    }
    const report = await sync.syncOnce();
    expect(report.objects.find((o) => o.object === 'Lead')).toMatchObject({ access: 'ok', stored: 251 });
    const lead = await store.get('Lead', leadId);
    expect(lead?.OwnerId).toBe(REP_B);
    expect((await store.leadAssignedAt(lead ? [lead] : [])).size).toBe(0);
    // Two pages, one failed LeadHistory query: the second page does not ask again.
    expect(
      emu.requests.filter((r) => r.soql !== undefined && /FROM LeadHistory\b/.test(r.soql)),
    ).toHaveLength(1);
    const warnings = logs.filter((line) => line.includes('LeadHistory'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/start at CreatedDate/);
    expect(await doctorCheck(emu)).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/LeadHistory is not readable \(INVALID_TYPE.*start at CreatedDate/),
      fix: expect.stringMatching(/field history tracking on Lead Owner/),
    });
  });

  it('an install that synced before owner history existed back-fills its stored leads once', async () => {
    const { emu, sync, assignments } = await setup();
    const { leadId, reassignedAt } = reassignedLead(emu);
    const other = emu.store.insert('Lead', { LastName: 'Other', Company: 'Other Inc', OwnerId: REP_C });
    await sync.syncOnce();
    // As it was before this release: Lead back-filled, no owner history, no LeadHistory state.
    await fixture.redis.del(`${fixture.prefix}:sf:lead-history`, `${fixture.prefix}:sf:lead-assignments`);
    const historyQueries = () =>
      emu.requests.filter((r) => r.soql !== undefined && /FROM LeadHistory\b/.test(r.soql)).length;
    const before = historyQueries();

    nowMs = START + 60_000;
    emu.store.update('Lead', String(other['Id']), { Status: 'Working - Contacted' });
    nowMs = START + 120_000;
    await sync.syncOnce();
    expect(historyQueries()).toBe(before + 1);
    expect(await assignments.get(leadId)).toMatchObject({
      ownerId: REP_B,
      at: new Date(reassignedAt).toISOString(),
      source: 'history',
    });

    nowMs = START + 180_000;
    emu.store.update('Lead', String(other['Id']), { Rating: 'Hot' });
    await sync.syncOnce();
    expect(historyQueries()).toBe(before + 1);
  });

  it("an owner change seen by sync is recorded at the incoming record's SystemModstamp", async () => {
    const { emu, sync, assignments } = await setup();
    const lead = emu.store.insert('Lead', { LastName: 'Later', Company: 'Later Inc', OwnerId: REP_A });
    await sync.syncOnce();
    expect(await assignments.get(String(lead['Id']))).toBeNull();
    nowMs = START + 3_600_000;
    const moved = emu.store.update('Lead', String(lead['Id']), { OwnerId: REP_B });
    nowMs = START + 2 * 3_600_000;
    await sync.syncOnce();
    expect(await assignments.get(String(lead['Id']))).toMatchObject({
      ownerId: REP_B,
      at: new Date(String(moved['SystemModstamp'])).toISOString(),
      source: 'sync',
      history: [{ owner: REP_B, from: REP_A, source: 'sync' }],
    });
    // A re-read of the same change (a retried page) changes nothing.
    await sync.syncOnce();
    expect((await assignments.get(String(lead['Id'])))?.history).toHaveLength(1);
  });

  it('recordAssignment keeps a timeline: the newest owner, from the start of their run; malformed input is refused', async () => {
    const { assignments } = await setup();
    const leadId = '00Q000000000001AAA';
    expect(await assignments.recordAssignment(leadId, REP_A, new Date(START), 'bullpen')).toBe(true);
    // The same owner seen again later (another source) does not restart their clock.
    expect(await assignments.recordAssignment(leadId, REP_A, new Date(START + 1000), 'sync')).toBe(false);
    // Older news arriving late does not move the clock back.
    expect(await assignments.recordAssignment(leadId, REP_B, new Date(START - 1000), 'stream')).toBe(false);
    expect(await assignments.recordAssignment(leadId, REP_C, new Date(START + 2000), 'sync')).toBe(true);
    expect(await assignments.get(leadId)).toMatchObject({
      ownerId: REP_C,
      at: new Date(START + 2000).toISOString(),
      history: [
        { owner: REP_C, from: REP_A, source: 'sync' },
        { owner: REP_A, source: 'sync' },
        { owner: REP_A, from: null, source: 'bullpen' },
        { owner: REP_B, source: 'stream' },
      ],
    });
    // Known already: nothing to add.
    expect(await assignments.recordAssignment(leadId, REP_C, new Date(START + 2000), 'stream')).toBe(false);
    expect((await assignments.get(leadId))?.history).toHaveLength(4);

    // Writers racing on one lead (sync, stream, a claim): the latest change wins, none is lost mid-write.
    const racing = '00Q000000000002AAA';
    const owners = [REP_A, REP_B, REP_C, REP_A, REP_B, REP_C];
    await Promise.all(
      owners.map((owner, index) =>
        assignments.recordAssignment(racing, owner, new Date(START + index * 1000), 'sync'),
      ),
    );
    const raced = await assignments.get(racing);
    expect(raced).toMatchObject({ ownerId: REP_C, at: new Date(START + 5000).toISOString() });
    expect(raced?.history[0]).toMatchObject({ owner: REP_C, at: new Date(START + 5000).toISOString() });

    await expect(assignments.recordAssignment('001000000000001', REP_A, new Date(), 'sync')).rejects.toThrow(
      /expected a Lead Id/,
    );
    await expect(assignments.recordAssignment(leadId, 'nobody', new Date(), 'sync')).rejects.toThrow(
      /expected a User or queue Id/,
    );
    await expect(assignments.recordAssignment(leadId, REP_B, new Date('nope'), 'sync')).rejects.toThrow();
    expect((await assignments.get(leadId))?.ownerId).toBe(REP_C);
  });
});
