import { afterEach, describe, expect, it } from 'vitest';
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
  QUEUE_CHANNEL,
  queuesPolicyFile,
  salesforceIdOf,
  waitForQueuePost,
} from './fixtures.ts';

describe('lead queues: a claim whose Salesforce answer is lost', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('reads the owner back and counts the write that landed, instead of releasing the claim', async () => {
    // Short enough for a test, long enough for the emulator to answer a healthy call on a busy machine.
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: queuesPolicyFile(),
      SF_TIMEOUT_MS: '2000',
    });
    const { app, emulator, simulator } = local;
    await runSync(app.services, { force: true });
    const leadId = createQueuedLead(emulator, 'Unanswered');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Unanswered');
    emulator.requests.length = 0;
    // Salesforce makes the change, but its answer never comes back.
    emulator.controls.hangNext(1, { afterProcessing: true, match: /^PATCH .*\/sobjects\/Lead\/00Q/ });

    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return blocksText(message?.blocks).includes(`Claimed by <@${MEMBER}>`) ? true : undefined;
    }, 'the claim to be announced');
    await waitForQueuesToDrain(app.services.jobs);
    expect(leadPatches(emulator, leadId)).toHaveLength(1);
    expect(emulator.store.get('Lead', leadId)?.['OwnerId']).toBe(salesforceIdOf(MEMBER));
    expect(ephemeralsMatching(simulator, MEMBER, /did not make you the owner/)).toHaveLength(0);
  });
});
