import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { buildParts, type AppParts as Services } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { useRedis } from '../../helpers/redis.ts';
import { emulatorOrgEnv } from '../../helpers/salesforce.ts';

/** Task.CallDisposition (a logged call's outcome) is read by sync, and an org that hides it still syncs. */

const logger = createLogger({ level: 'silent' });

describe('sync of Task.CallDisposition', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let services: Services | undefined;

  afterEach(async () => {
    await services?.jobs.close(1000);
    services = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(): Promise<{ emu: SalesforceEmulator; svc: Services; taskId: string }> {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    services = buildParts({
      config: loadConfig(emulatorOrgEnv(emulator, fixture.prefix)),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    await services.salesforce.start();
    const lead = [...emulator.store.records('Lead')][0];
    const task = emulator.store.insert('Task', {
      WhoId: String(lead?.['Id']),
      OwnerId: String(lead?.['OwnerId']),
      Subject: 'Call',
      TaskSubtype: 'Call',
      Status: 'Completed',
      CallDisposition: 'Wrong number',
    });
    return { emu: emulator, svc: services, taskId: String(task['Id']) };
  }

  it('stores the outcome of a call', async () => {
    const { svc, taskId } = await setup();
    await runSync(svc, { force: true, matchPeople: false });
    expect((await svc.store.get('Task', taskId))?.CallDisposition).toBe('Wrong number');
  });

  it('syncs Tasks without it when the org hides the field', async () => {
    const { emu, svc, taskId } = await setup();
    emu.controls.hideField('Task', 'CallDisposition');
    const report = await runSync(svc, { force: true, matchPeople: false });
    expect(report?.objects.find((o) => o.object === 'Task')).toMatchObject({
      access: 'ok',
      droppedFields: ['CallDisposition'],
    });
    const task = await svc.store.get('Task', taskId);
    expect(task?.Status).toBe('Completed');
    expect(task?.CallDisposition ?? null).toBeNull();
  });
});
