import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople } from '@bullpen/demo-company';
import { createLogger } from '../../../src/platform/http/logger.ts';
import type { SalesforceEmulator, SfRecord } from '@bullpen/salesforce-emulator';
import { SalesforceWriteBack } from '../../../src/features/nudges/writes/write-back.ts';
import type { WriteBackCommand } from '../../../src/features/nudges/domain/write-commands.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';

const logger = createLogger({ level: 'silent' });
const rep = demoPeople.find((p) => p.role === 'rep');

describe('Salesforce write-back', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(withBullpenMetadata: boolean) {
    const started = await emulatorWithConnection({ seed: 'demo', withBullpenMetadata });
    emulator = started.emulator;
    const writeBack = new SalesforceWriteBack({
      conn: started.conn,
      redis: fixture.redis,
      keys: keyspace(fixture.prefix),
      logger,
    });
    const lead = [...started.emulator.store.records('Lead')].find(
      (l) => l['OwnerId'] === rep?.salesforceId && l['IsDeleted'] !== true && l['IsConverted'] !== true,
    ) as SfRecord;
    const tasksOn = () =>
      [...started.emulator.store.records('Task')].filter(
        (t) => t['WhoId'] === lead['Id'] && t['IsDeleted'] !== true,
      );
    return { ...started, writeBack, lead, tasksOn };
  }

  const logCall = (leadId: string, key: string): WriteBackCommand => ({
    kind: 'log-activity',
    key,
    leadId,
    ownerId: rep?.salesforceId ?? '',
    activity: 'call',
    activityDate: '2026-11-24',
  });

  it('with Bullpen_Key__c: the same key creates one Task however often it runs', async () => {
    const { writeBack, lead, tasksOn } = await setup(true);
    const before = tasksOn().length;
    const first = await writeBack.execute(logCall(String(lead['Id']), 'digest-1.lead-1.call'));
    await fixture.redis.del(`${fixture.prefix}:sf:writes:digest-1.lead-1.call`); // even with Redis forgetting
    const second = await writeBack.execute(logCall(String(lead['Id']), 'digest-1.lead-1.call'));
    expect(second.id).toBe(first.id);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    const tasks = tasksOn();
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.find((t) => t['Id'] === first.id)).toMatchObject({
      TaskSubtype: 'Call',
      Status: 'Completed',
      OwnerId: rep?.salesforceId,
      Bullpen_Key__c: 'digest-1.lead-1.call',
    });
  });

  it('without the metadata: a retry after a crash between the write and its record finds the Task', async () => {
    const { writeBack, lead, tasksOn, emulator: emu } = await setup(false);
    const before = tasksOn().length;
    const command = logCall(String(lead['Id']), 'digest-2.lead-9.call');
    const first = await writeBack.execute(command);
    // Simulate a worker killed after Salesforce created the Task but before "done" was recorded.
    await fixture.redis.set(
      `${fixture.prefix}:sf:writes:digest-2.lead-9.call`,
      `pending:${Date.now() - 1000}`,
    );
    emu.requests.length = 0;
    const retry = await writeBack.execute(command);
    expect(retry).toEqual({ id: first.id, created: false });
    expect(tasksOn()).toHaveLength(before + 1);
    expect(emu.requests.some((r) => r.method === 'POST' && r.path.endsWith('/sobjects/Task'))).toBe(false);
    // A second click with a new key is a second call.
    await writeBack.execute(logCall(String(lead['Id']), 'digest-2.lead-9.call2'));
    expect(tasksOn()).toHaveLength(before + 2);
  });

  it('disqualifies a lead (status + reason Task) and records lead-quality feedback', async () => {
    const { writeBack, lead, emulator: emu, tasksOn } = await setup(false);
    await writeBack.execute({
      kind: 'update-status',
      key: 'dq-lead-1-abc',
      leadId: String(lead['Id']),
      ownerId: rep?.salesforceId ?? '',
      status: 'Closed - Not Converted',
      reason: 'No budget',
      activityDate: '2026-11-24',
    });
    expect(emu.store.get('Lead', String(lead['Id']))?.['Status']).toBe('Closed - Not Converted');
    await writeBack.execute({
      kind: 'lead-quality',
      key: 'quality-lead-1-abc',
      leadId: String(lead['Id']),
      ownerId: rep?.salesforceId ?? '',
      rating: 'bad',
      reason: "Student / research 'O'Brien'",
      activityDate: '2026-11-24',
    });
    const subjects = tasksOn().map((t) => t['Subject']);
    expect(subjects).toContain('Status: Closed - Not Converted - No budget');
    expect(subjects).toContain("Lead quality: bad - Student / research 'O'Brien'");
  });

  it('rejects a malformed command before touching Salesforce', async () => {
    const { writeBack, emulator: emu } = await setup(false);
    emu.requests.length = 0;
    await expect(writeBack.execute(logCall('not-an-id', 'digest-3.lead-x.call'))).rejects.toThrow(
      /Salesforce Id/,
    );
    await expect(writeBack.execute(logCall('00Q000000000001AAA', 'bad:key'))).rejects.toThrow(
      /letters, digits/,
    );
    expect(emu.requests).toHaveLength(0);
  });
});
