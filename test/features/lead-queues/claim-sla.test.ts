import { afterEach, describe, expect, it } from 'vitest';
import { leadQueuesQueue } from '../../../src/features/lead-queues/queue.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  blocksText,
  CLAIM,
  createQueuedLead,
  MANAGER,
  MEMBER,
  QUEUE_CHANNEL,
  queuesPolicyFile,
  waitForQueuePost,
} from './fixtures.ts';

/** A claim SLA of a second and a half: due soon enough that draining the queues waits for it. */
const TINY_SLA_MINUTES = 0.025;

describe('lead queues: the claim SLA', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const managerDmsAbout = (lastName: string) => {
    const dm = local?.simulator.workspace.findDm(MANAGER);
    if (!dm || !local) return [];
    return local.simulator.workspace
      .messagesIn(dm.id)
      .filter((message) => blocksText(message.blocks).includes(lastName));
  };

  it('marks a lead unclaimed past the claim SLA overdue in the channel and DMs the manager, once', async () => {
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: queuesPolicyFile({ claimSlaMinutes: TINY_SLA_MINUTES }),
    });
    const { app, emulator, simulator } = local;
    await runSync(app.services, { force: true });
    createQueuedLead(emulator, 'Forgotten');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Forgotten');

    const repliesAbout = (lastName: string) =>
      simulator.workspace
        .messagesIn(QUEUE_CHANNEL)
        .filter(
          (message) =>
            message.thread_ts === post.ts &&
            message.ts !== post.ts &&
            blocksText(message.blocks).includes(`Unclaimed for`) &&
            blocksText(message.blocks).includes(lastName),
        );
    await waitFor(async () => repliesAbout('Forgotten')[0], 'the overdue reply under the post');
    await waitFor(async () => managerDmsAbout('Forgotten')[0], "the manager's DM");
    // Still claimable.
    expect(blocksText(simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts)?.blocks)).toContain(CLAIM);
    const arrivalId = JSON.parse(blocksText(post.blocks).match(/"value":("[^"]+")/)?.[1] ?? '""') as string;

    // The SLA job run again (a retry, a second worker): nothing more.
    await app.services.jobs.add(leadQueuesQueue, 'claim-sla', { arrivalId }, { jobId: 'sla-again' });
    await runSync(app.services, { force: true });
    await waitForQueuesToDrain(app.services.jobs);
    expect(managerDmsAbout('Forgotten')).toHaveLength(1);
    expect(repliesAbout('Forgotten')).toHaveLength(1);
  });

  it('does not escalate a lead claimed before its SLA', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: queuesPolicyFile() });
    const { app, emulator, simulator } = local;
    await runSync(app.services, { force: true });
    createQueuedLead(emulator, 'Prompt');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Prompt');
    const arrivalId = JSON.parse(blocksText(post.blocks).match(/"value":("[^"]+")/)?.[1] ?? '""') as string;
    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return blocksText(message?.blocks).includes('Claimed by') ? true : undefined;
    }, 'the claim');

    // The claim SLA falls due (run now rather than in 15 minutes): the lead is claimed, so nothing happens.
    await app.services.jobs.add(leadQueuesQueue, 'claim-sla', { arrivalId }, { jobId: 'sla-now' });
    await waitForQueuesToDrain(app.services.jobs);
    expect(blocksText(simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts)?.blocks)).toContain(
      'Claimed by',
    );
    expect(managerDmsAbout('Prompt')).toHaveLength(0);
  });
});
