import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { blocksText, botMessagesIn, EXEC, policyFile, SALES } from './fixtures.ts';

const today = (): string => new Date().toISOString().slice(0, 10);

describe('win prompts while Opportunity is unreadable', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('a big win bullpen cannot read prompts nobody and nothing fails; /shoutout still opens', async () => {
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: policyFile(),
      SF_SYNC_INTERVAL_SECONDS: '3600',
    });
    const { simulator, emulator, app } = local;
    await runSync(app.services, { force: true });
    const open = [...emulator.store.records('Opportunity')].find((o) => o['IsClosed'] === false);
    if (!open) throw new Error('the demo data has no open opportunity');
    const id = String(open['Id']);

    emulator.controls.denyObject('Opportunity');
    emulator.store.update('Opportunity', id, { StageName: 'Closed Won', Amount: 90_000, CloseDate: today() });
    for (let run = 0; run < 2; run += 1) {
      const report = await runSync(app.services, { force: true });
      expect(report?.objects.find((o) => o.object === 'Opportunity')).toMatchObject({ access: 'no-access' });
    }
    await waitForQueuesToDrain(app.services.jobs);

    const dm = simulator.workspace.findDm(EXEC);
    const prompts = dm
      ? botMessagesIn(simulator, dm.id).filter((m) => blocksText(m.blocks).includes(`"value":"${id}"`))
      : [];
    expect(prompts).toHaveLength(0);
    for (const name of app.services.jobs.queueNames) {
      expect(await app.services.jobs.queueNamed(name).getJobCounts('failed'), name).toEqual({ failed: 0 });
    }

    // The shout-out form reads won deals from bullpen's copy: it opens as usual.
    await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', '');
    const modal = await waitFor(async () => simulator.workspace.openModal(EXEC), 'the shout-out modal');
    expect(modal.definition['callback_id']).toBeDefined();
  });
});
