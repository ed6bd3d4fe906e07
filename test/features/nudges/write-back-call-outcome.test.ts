import { demoPeople } from '@bullpen/demo-company';
import type { SalesforceEmulator, SfRecord } from '@bullpen/salesforce-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteBackCommand } from '../../../src/features/nudges/domain/write-commands.ts';
import { SalesforceWriteBack } from '../../../src/features/nudges/writes/write-back.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';

/** The Task a Log call writes: its outcome in CallDisposition, its note in Description. */

const logger = createLogger({ level: 'silent' });
const rep = demoPeople.find((p) => p.role === 'rep');

describe.each([true, false])('write-back of a call with an outcome (Bullpen_Key__c: %s)', (metadata) => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function setup() {
    const started = await emulatorWithConnection({ seed: 'demo', withBullpenMetadata: metadata });
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
    const call = (key: string): WriteBackCommand => ({
      kind: 'log-activity',
      key,
      leadId: String(lead['Id']),
      ownerId: rep?.salesforceId ?? '',
      activity: 'call',
      activityDate: '2026-11-24',
      callDisposition: 'Wrong number',
      note: 'Number is disconnected',
    });
    return { emulator: started.emulator, writeBack, call };
  }

  it('writes the outcome to CallDisposition and the note above the marker in Description', async () => {
    const { emulator: emu, writeBack, call } = await setup();
    const { id } = await writeBack.execute(call('v123-call.outcome1'));
    const task = emu.store.get('Task', id);
    expect(task).toMatchObject({ TaskSubtype: 'Call', Status: 'Completed', CallDisposition: 'Wrong number' });
    expect(task?.['Description']).toBe(
      'Number is disconnected\n\nLogged with bullpen [bullpen:v123-call.outcome1]',
    );
  });

  it('still logs the call, with the outcome in Description, when the user may not write CallDisposition', async () => {
    const { emulator: emu, writeBack, call } = await setup();
    // Field-level security: the integration user can read the field but not write it.
    const field = emu.store.schema.get('task')?.fields.get('CallDisposition');
    if (!field) throw new Error('the emulator has no Task.CallDisposition');
    field.createable = false;
    const first = await writeBack.execute(call('v124-call.outcome1'));
    const again = await writeBack.execute(call('v124-call.outcome1'));
    expect(again).toEqual({ id: first.id, created: false });
    const task = emu.store.get('Task', first.id);
    expect(task?.['CallDisposition'] ?? null).toBeNull();
    expect(task?.['Description']).toBe(
      'Call result: Wrong number\nNumber is disconnected\n\nLogged with bullpen [bullpen:v124-call.outcome1]',
    );
  });
});
