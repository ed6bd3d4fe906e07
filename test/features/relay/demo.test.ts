import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { AE, lead, openQualify, OTHER_AE, SDR } from './setup.ts';

/*
 * Local mode with the demo company's own policy (no policy file): Jordan Lee, an SDR, qualifies one
 * of their open demo leads and it goes to an AE; the AE list offers exactly Sam and Riley.
 */
describe('the relay in the demo company', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('lets an SDR hand one of their demo leads to one of the two AEs', async () => {
    local = await startLocalBullpen(fixture.prefix);
    const app = local;
    await runSync(app.app.services, { force: true });
    const open = [...app.emulator.store.records('Lead')].find(
      (l) =>
        l['OwnerId'] === SDR.salesforceId &&
        l['Status'] === 'Open - Not Contacted' &&
        l['IsConverted'] !== true,
    );
    const leadId = String(open?.['Id']);
    const viewId = await openQualify(app, SDR.slackId, leadId);
    const blocks = app.simulator.workspace.views.get(viewId)?.definition['blocks'] as {
      block_id?: string;
      element?: { options?: { value: string }[] };
    }[];
    const offered = blocks.find((b) => b.block_id === 'relay_ae')?.element?.options?.map((o) => o.value);
    expect(offered).toEqual([AE.salesforceId, OTHER_AE.salesforceId]);
    await app.simulator.submitView(SDR.slackId, viewId, {
      relay_choice_need: { 'relay.choice': 'Clear need' },
      relay_choice_timing: { 'relay.choice': 'Next quarter' },
      relay_choice_budget: { 'relay.choice': 'Budget likely' },
    });
    expect(lead(app, leadId)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
    await waitForQueuesToDrain(app.app.services.jobs);
  });
});
