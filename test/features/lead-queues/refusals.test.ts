import { afterEach, describe, expect, it } from 'vitest';
import { deliveryQueue } from '../../../src/platform/slack/delivery.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  blocksText,
  CLAIM,
  createQueuedLead,
  ephemeralsMatching,
  leadPatches,
  MEMBER,
  NON_MEMBER,
  QUEUE_CHANNEL,
  queuesPolicyFile,
  salesforceIdOf,
  waitForQueuePost,
} from './fixtures.ts';

describe('lead queues: a lead that changed since it was posted', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const postedLead = async (lastName: string) => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: queuesPolicyFile() });
    await runSync(local.app.services, { force: true });
    const leadId = createQueuedLead(local.emulator, lastName);
    await runSync(local.app.services, { force: true });
    const post = await waitForQueuePost(local.simulator, lastName);
    return { ...local, leadId, post };
  };

  it('refuses to claim a lead converted meanwhile, and changes nothing', async () => {
    const { app, emulator, simulator, leadId, post } = await postedLead('Converted');
    // Held back so the post still shows its button when the click comes.
    await app.services.jobs.queue(deliveryQueue).pause();
    emulator.store.convertLead(leadId);
    await runSync(app.services, { force: true });
    emulator.requests.length = 0;

    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    await waitFor(async () => ephemeralsMatching(simulator, MEMBER, /converted meanwhile/)[0], 'the refusal');
    await app.services.jobs.queue(deliveryQueue).resume();
    const updated = await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return blocksText(message?.blocks).includes('Converted in Salesforce') ? message : undefined;
    }, 'the post to say the lead was converted');
    await waitForQueuesToDrain(app.services.jobs);
    expect(leadPatches(emulator, leadId)).toHaveLength(0);
    expect(blocksText(updated.blocks)).not.toContain(CLAIM);
  });

  it('refuses a lead assigned in Salesforce meanwhile, and its post then loses the button', async () => {
    const { app, emulator, simulator, leadId, post } = await postedLead('Reassigned');
    // Held back so the post still shows its button when the click comes.
    await app.services.jobs.queue(deliveryQueue).pause();
    emulator.store.update('Lead', leadId, { OwnerId: salesforceIdOf(NON_MEMBER) });
    await runSync(app.services, { force: true });
    emulator.requests.length = 0;

    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    await waitFor(
      async () => ephemeralsMatching(simulator, MEMBER, /no longer in the Inbound Web queue/)[0],
      'the refusal',
    );
    await app.services.jobs.queue(deliveryQueue).resume();
    const updated = await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return blocksText(message?.blocks).includes('Assigned in Salesforce') ? message : undefined;
    }, 'the post to say the lead was assigned in Salesforce');
    await waitForQueuesToDrain(app.services.jobs);
    expect(blocksText(updated.blocks)).toContain(`<@${NON_MEMBER}>`);
    expect(blocksText(updated.blocks)).not.toContain(CLAIM);
    expect(leadPatches(emulator, leadId)).toHaveLength(0);
    expect(emulator.store.get('Lead', leadId)?.['OwnerId']).toBe(salesforceIdOf(NON_MEMBER));
  });
});
