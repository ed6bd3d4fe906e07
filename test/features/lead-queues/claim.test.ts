import { afterEach, describe, expect, it } from 'vitest';
import { leadQueuesQueue, POST_WAITING_JOB } from '../../../src/features/lead-queues/queue.ts';
import { roundTheClockSla } from '@bullpen/demo-company';
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
  OTHER_MEMBER,
  QUEUE_CHANNEL,
  QUEUE_ID,
  queuesPolicyFile,
  salesforceIdOf,
  waitForQueuePost,
} from './fixtures.ts';

describe('lead queues: posts and Claim', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const start = async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: queuesPolicyFile() });
    await runSync(local.app.services, { force: true });
    return local;
  };

  it('posts a lead created in a mapped queue to its channel with a Claim button, once', async () => {
    const { app, emulator, simulator } = await start();
    // The demo queue's leads were waiting before the first sync, which raises no events: the
    // scheduled look for waiting leads posts them.
    await app.services.jobs.add(leadQueuesQueue, POST_WAITING_JOB, {});
    const waiting = [...emulator.store.records('Lead')].filter((lead) => lead['OwnerId'] === QUEUE_ID);
    for (const lead of waiting) await waitForQueuePost(simulator, String(lead['LastName']));

    const leadId = createQueuedLead(emulator, 'Newcomer');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Newcomer');
    const text = blocksText(post.blocks);
    expect(text).toContain('Inbound Web');
    expect(text).toContain('Newcomer Ltd');
    expect(text).toContain('Source: Web');
    expect(text).toContain(`"action_id":"${CLAIM}"`);

    // Seen again by sync and by the look for waiting leads: still one post per lead.
    await runSync(app.services, { force: true });
    await app.services.jobs.add(leadQueuesQueue, POST_WAITING_JOB, {});
    await waitForQueuesToDrain(app.services.jobs);
    for (const lastName of ['Newcomer', ...waiting.map((lead) => String(lead['LastName']))]) {
      // Posts, not replies: the demo's leads waited past the claim SLA and have an overdue reply.
      const posts = simulator.workspace
        .messagesIn(QUEUE_CHANNEL)
        .filter(
          (message) =>
            (message.thread_ts === undefined || message.thread_ts === message.ts) &&
            blocksText(message.blocks).includes(lastName),
        );
      expect(posts, lastName).toHaveLength(1);
    }
    expect(leadPatches(emulator, leadId)).toHaveLength(0);
  });

  it('two simultaneous Claim clicks make one owner change and one "Claimed by" message', async () => {
    const { app, emulator, simulator } = await start();
    const leadId = createQueuedLead(emulator, 'Contested');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Contested');
    emulator.requests.length = 0;

    await Promise.all([
      simulator.clickButton(MEMBER, post.ts, CLAIM),
      simulator.clickButton(OTHER_MEMBER, post.ts, CLAIM),
    ]);
    const claimed = await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return message && blocksText(message.blocks).includes('Claimed by') ? message : undefined;
    }, 'the post to say who claimed the lead');
    await waitForQueuesToDrain(app.services.jobs);

    const owner = String(emulator.store.get('Lead', leadId)?.['OwnerId']);
    const winner = [MEMBER, OTHER_MEMBER].find((slackId) => salesforceIdOf(slackId) === owner);
    const loser = [MEMBER, OTHER_MEMBER].find((slackId) => slackId !== winner);
    if (!winner || !loser) throw new Error(`the lead's owner ${owner} is neither clicker`);
    expect(leadPatches(emulator, leadId)).toHaveLength(1);
    expect(blocksText(claimed.blocks)).toMatch(new RegExp(`Claimed by <@${winner}> after \\d+[smhd]`));
    expect(blocksText(claimed.blocks)).not.toContain(CLAIM);
    const claimedPosts = simulator.workspace
      .messagesIn(QUEUE_CHANNEL)
      .filter((message) => blocksText(message.blocks).includes('Claimed by'));
    expect(claimedPosts).toHaveLength(1);
    expect(ephemeralsMatching(simulator, loser, new RegExp(`already claimed by <@${winner}>`))).toHaveLength(
      1,
    );
    expect(ephemeralsMatching(simulator, winner, /./)).toHaveLength(0);

    // Every assignment bullpen makes is on record: who, when and why.
    const why = await simulator.sendSlashCommand(winner, QUEUE_CHANNEL, '/routing', `why ${leadId}`);
    const answer = JSON.stringify(why.json);
    expect(answer).toContain(`<@${winner}> on `);
    expect(answer).toContain("claimed from the Inbound Web queue's channel");
  });

  it('sends the claimer no assignment alert for the lead they claimed (their click was the news)', async () => {
    // Round the clock, so an alert is never deferred to working hours: none sent means none due.
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: queuesPolicyFile({}, { sla: roundTheClockSla }),
    });
    const { app, emulator, simulator } = local;
    await runSync(app.services, { force: true });
    const alertsTo = (slackId: string) =>
      simulator.workspace
        .messagesIn(simulator.workspace.openDm(slackId).id)
        .filter((message) => blocksText(message.blocks).includes('New lead assigned to you'));
    const leadId = createQueuedLead(emulator, 'Claimable');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Claimable');
    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    await waitFor(
      async () =>
        String(emulator.store.get('Lead', leadId)?.['OwnerId']) === salesforceIdOf(MEMBER) || undefined,
      'the claim to reach Salesforce',
    );
    // Sync sees the owner change (lead.owner_changed), the nudges queue runs its alert.
    await runSync(app.services, { force: true });
    await waitForQueuesToDrain(app.services.jobs);
    expect(alertsTo(MEMBER).filter((m) => blocksText(m.blocks).includes('Claimable'))).toHaveLength(0);

    // The same rep given a lead in Salesforce, not by their own click, is alerted.
    emulator.store.insert('Lead', {
      LastName: 'Assigned',
      Company: 'Assigned Ltd',
      LeadSource: 'Web',
      OwnerId: salesforceIdOf(MEMBER),
    });
    await runSync(app.services, { force: true });
    await waitForQueuesToDrain(app.services.jobs);
    expect(alertsTo(MEMBER).filter((m) => blocksText(m.blocks).includes('Assigned'))).toHaveLength(1);
  });

  it("refuses a non-member's click and changes nothing", async () => {
    const { app, emulator, simulator } = await start();
    const leadId = createQueuedLead(emulator, 'Guarded');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Guarded');
    emulator.requests.length = 0;

    await simulator.clickButton(NON_MEMBER, post.ts, CLAIM);
    await waitFor(
      async () => ephemeralsMatching(simulator, NON_MEMBER, /Only members of the Inbound Web queue/)[0],
      'the refusal',
    );
    await waitForQueuesToDrain(app.services.jobs);
    expect(leadPatches(emulator, leadId)).toHaveLength(0);
    expect(emulator.store.get('Lead', leadId)?.['OwnerId']).toBe(QUEUE_ID);
    expect(blocksText(simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts)?.blocks)).toContain(CLAIM);
  });

  it('releases the claim and tells the clicker why when Salesforce refuses the owner change', async () => {
    const { app, emulator, simulator } = await start();
    const leadId = createQueuedLead(emulator, 'Refused');
    await runSync(app.services, { force: true });
    const post = await waitForQueuePost(simulator, 'Refused');
    const removeRule = emulator.controls.addValidationRule({
      object: 'Lead',
      on: 'update',
      message: 'Leads from the web form need a phone number before assignment',
    });

    await simulator.clickButton(MEMBER, post.ts, CLAIM);
    const refusal = await waitFor(
      async () => ephemeralsMatching(simulator, MEMBER, /need a phone number before assignment/)[0],
      'the clicker to hear why',
    );
    expect(refusal.text).toContain('still unclaimed');
    expect(emulator.store.get('Lead', leadId)?.['OwnerId']).toBe(QUEUE_ID);
    expect(blocksText(simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts)?.blocks)).toContain(CLAIM);

    // Released: once Salesforce accepts, another member's click wins.
    removeRule();
    await simulator.clickButton(OTHER_MEMBER, post.ts, CLAIM);
    await waitFor(async () => {
      const message = simulator.workspace.findMessage(QUEUE_CHANNEL, post.ts);
      return blocksText(message?.blocks).includes(`Claimed by <@${OTHER_MEMBER}>`) ? true : undefined;
    }, 'the claim by the other member');
    await waitForQueuesToDrain(app.services.jobs);
    expect(emulator.store.get('Lead', leadId)?.['OwnerId']).toBe(salesforceIdOf(OTHER_MEMBER));
  });
});
