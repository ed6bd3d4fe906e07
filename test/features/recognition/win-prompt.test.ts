import { afterEach, describe, expect, it } from 'vitest';
import { linkedOpportunity } from '../../../src/features/recognition/domain/opportunity.ts';
import { winPromptMessage } from '../../../src/features/recognition/slack/blocks.ts';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { demoPeople } from '@bullpen/demo-company';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { blocksText, botMessagesIn, EXEC, policyFile, REP, SALES, waitForPost, WINS } from './fixtures.ts';

const today = (): string => new Date().toISOString().slice(0, 10);

describe('win prompts', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('DMs each executive once per big win, however often sync runs, and the button opens a pre-filled modal', async () => {
    // Two executives: one in the list and the group, one only in the list.
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: policyFile({}, { executives: [EXEC, 'U0DEMOMKT01'] }),
    });
    const { simulator, emulator, app } = local;
    await runSync(app.services, { force: true });

    const open = [...emulator.store.records('Opportunity')].find(
      (o) => o['IsClosed'] === false && demoPeople.some((p) => p.salesforceId === o['OwnerId']),
    );
    if (!open) throw new Error('the demo data has no open opportunity');
    const id = String(open['Id']);
    const name = String(open['Name']);
    const owner = demoPeople.find((p) => p.salesforceId === open['OwnerId']);
    emulator.store.update('Opportunity', id, { StageName: 'Closed Won', Amount: 75_000, CloseDate: today() });

    for (let run = 0; run < 4; run += 1) await runSync(app.services, { force: true });
    const dmOf = (user: string) => simulator.workspace.findDm(user);
    const promptsFor = (user: string) => {
      const dm = dmOf(user);
      return dm
        ? botMessagesIn(simulator, dm.id).filter((m) => blocksText(m.blocks).includes(`"value":"${id}"`))
        : [];
    };
    await waitFor(
      async () => (promptsFor(EXEC).length > 0 && promptsFor('U0DEMOMKT01').length > 0 ? true : undefined),
      'the win prompts',
    );
    // A reopened and re-won deal is a new domain event: still no second prompt, ever.
    emulator.store.update('Opportunity', id, { StageName: 'Prospecting' });
    await runSync(app.services, { force: true });
    emulator.store.update('Opportunity', id, { StageName: 'Closed Won' });
    await runSync(app.services, { force: true });
    await waitForQueuesToDrain(app.services.jobs);
    expect(promptsFor(EXEC)).toHaveLength(1);
    expect(promptsFor('U0DEMOMKT01')).toHaveLength(1);
    // Nobody else got it.
    for (const person of demoPeople.filter((p) => p.slackId !== EXEC && p.slackId !== 'U0DEMOMKT01')) {
      expect(promptsFor(person.slackId)).toHaveLength(0);
    }
    const [prompt] = promptsFor(EXEC);
    const promptText = blocksText(prompt?.blocks);
    expect(promptText).toContain('$75,000');
    expect(promptText).toContain(`<@${owner?.slackId}>`);

    // One click opens the modal with the owner and the opportunity; the second posts it.
    await simulator.clickButton(EXEC, prompt?.ts ?? '', 'shoutout_from_win');
    const modal = await waitFor(async () => simulator.workspace.openModal(EXEC), 'the modal');
    const modalText = blocksText(modal.definition['blocks']);
    expect(modalText).toContain(`"initial_users":["${owner?.slackId}"]`);
    expect(modalText).toMatch(new RegExp(`"initial_option":\\{[^}]*\\}[^}]*"value":"${id}"`));
    await simulator.submitView(EXEC, modal.id, {});
    const post = await waitForPost(simulator, WINS, `/Opportunity/${id}/view`);
    expect(blocksText(post.blocks)).toContain('Morgan Blake');
    const [stored] = await new Recognition(app.services).store.recent(1);
    expect(stored?.opportunityId).toBe(id);
    expect(stored?.recipients).toEqual([owner?.slackId]);
    // The post names the deal; the prompt's deal name is in the pre-filled message.
    expect(blocksText(post.blocks)).toContain(name.replace(/&/g, '&amp;'));
  });

  it('does not prompt for wins under the threshold, and a rep clicking a prompt is refused', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, emulator, app } = local;
    await runSync(app.services, { force: true });
    const open = [...emulator.store.records('Opportunity')].find((o) => o['IsClosed'] === false);
    if (!open) throw new Error('no open opportunity');
    const id = String(open['Id']);
    emulator.store.update('Opportunity', id, { StageName: 'Closed Won', Amount: 49_999, CloseDate: today() });
    await runSync(app.services, { force: true });
    await waitFor(
      async () =>
        (await new Recognition(app.services).store.recentWonIds(500)).includes(id) ? true : undefined,
      'the win to be seen',
    );
    const dm = simulator.workspace.findDm(EXEC);
    const prompts = dm
      ? botMessagesIn(simulator, dm.id).filter((m) => blocksText(m.blocks).includes(`"value":"${id}"`))
      : [];
    expect(prompts).toHaveLength(0);

    // Only executives may act on a prompt: a rep who clicks one (here, posted where reps see it) is refused.
    const opportunity = await app.services.store.get('Opportunity', id);
    if (!opportunity) throw new Error('not synced');
    const message = winPromptMessage({
      opportunity: linkedOpportunity(opportunity, null),
      ownerSlackId: null,
      ownerName: 'Someone',
      threshold: 50_000,
    });
    const posted = await app.services.delivery.deliver({
      key: 'test-prompt',
      method: 'chat.postMessage',
      args: { channel: SALES, text: message.text, blocks: message.blocks },
    });
    await simulator.clickButton(REP, posted.ts ?? '', 'shoutout_from_win');
    await waitFor(
      async () => simulator.workspace.ephemeralsFor(REP).find((e) => /for executives/.test(e.text)),
      'the refusal',
    );
    expect(simulator.workspace.openModal(REP)).toBeUndefined();
  });
});
