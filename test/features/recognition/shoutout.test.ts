import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  ackText,
  ADMIN,
  blocksText,
  botMessagesIn,
  EXEC,
  policyFile,
  REP,
  SALES,
  shoutoutAnswer,
  TEAMMATE,
  waitForPost,
  WINS,
} from './fixtures.ts';

describe('/shoutout', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    local = await startLocalBullpen(fixture.prefix, env);
    return local;
  };

  it('posts an executive shout-out to the recognition channel with name and title, and counts kudos', async () => {
    const { simulator, app } = await start({ BULLPEN_CONFIG: policyFile() });
    const answer = await shoutoutAnswer(
      simulator,
      EXEC,
      `<@${REP}|sam.carter> <@${TEAMMATE}|jordan.lee> called every webinar lead within the hour &amp; booked 3 demos &lt;b&gt;<!channel>`,
    );
    expect(answer.response.status).toBe(200);
    expect(answer.text).toMatch(/on its way to <#C0DEMOWINS1>/);

    const post = await waitForPost(simulator, WINS, 'Morgan Blake');
    const text = blocksText(post.blocks);
    expect(text).toContain('VP of Sales');
    expect(text).toContain(`<@${REP}>`);
    expect(text).toContain(`<@${TEAMMATE}>`);
    expect(text).toContain('&amp; booked 3 demos &lt;b&gt;@channel');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<b>');
    // Nothing went to the channel the command was typed in.
    expect(botMessagesIn(simulator, SALES)).toHaveLength(0);

    const recognition = new Recognition(app.services);
    expect(await recognition.store.kudosOf(REP)).toBe(1);
    expect(await recognition.store.kudosOf(TEAMMATE)).toBe(1);
    const [stored] = await recognition.store.recent(5);
    expect(stored).toMatchObject({
      authorId: EXEC,
      recipients: [REP, TEAMMATE],
      channel: WINS,
      style: 'executive',
    });
    const record = await app.services.delivery.record(stored?.deliveryKey ?? '');
    expect(record).toMatchObject({ channel: WINS, ts: post.ts });
  });

  it('refuses non-executives under the default policy and posts nothing', async () => {
    const { simulator, app } = await start();
    const answer = await shoutoutAnswer(simulator, REP, `<@${TEAMMATE}|jordan> thanks!`);
    expect(answer.text).toMatch(/for executives/);
    expect(await new Recognition(app.services).store.recent(5)).toEqual([]);
    expect(await new Recognition(app.services).store.kudosOf(TEAMMATE)).toBe(0);
  });

  it('posts peer kudos without the executive styling when the policy allows it', async () => {
    const { simulator } = await start({ BULLPEN_CONFIG: policyFile({ nonExecutives: 'peer-kudos' }) });
    await simulator.sendSlashCommand(
      REP,
      SALES,
      '/shoutout',
      `<@${TEAMMATE}|jordan> covered my leads all week`,
    );
    const post = await waitForPost(simulator, WINS, 'covered my leads');
    expect(blocksText(post.blocks)).toContain('gives kudos to');
    expect(blocksText(post.blocks)).not.toContain('"header"');
    expect(blocksText(post.blocks)).not.toContain('Sales Development Rep');
  });

  it.each([
    ['an unknown user', `<@U0NOBODY99|ghost> great job`, /couldn't find the user U0NOBODY99/],
    ['an unknown user inside the message', `<@${REP}|sam> great job with <@U0NOBODY98|ghost>`, /U0NOBODY98/],
    ['an unresolved @name', `@nobody great job`, /couldn't find \*@nobody\*/],
    ['no recipients', `great job everyone`, /Start with the people/],
    ['an empty message', `<@${REP}|sam>`, /needs a message/],
    ['a message over the limit', `<@${REP}|sam> ${'x'.repeat(1_501)}`, /1,501 characters.*limited to 1,500/],
  ])('refuses %s with a clear ephemeral error and posts nothing', async (_what, text, error) => {
    const { simulator, app } = await start({ BULLPEN_CONFIG: policyFile() });
    const answer = await shoutoutAnswer(simulator, EXEC, text);
    expect(answer.text).toMatch(error);
    expect(answer.response.json?.['response_type']).toBe('ephemeral');
    const recognition = new Recognition(app.services);
    expect(await recognition.store.recent(5)).toEqual([]);
    expect(await recognition.store.kudosOf(REP)).toBe(0);
    expect(
      await app.services.jobs.queueNamed('slack-delivery').getJobCounts('waiting', 'active', 'completed'),
    ).toEqual({
      waiting: 0,
      active: 0,
      completed: 0,
    });
  });

  it('lets the author or an admin delete a shout-out, and refuses everyone else', async () => {
    const { simulator, app } = await start({ BULLPEN_CONFIG: policyFile() });
    await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', `<@${REP}|sam> first-touch champion`);
    await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', `<@${REP}|sam> second one`);
    const first = await waitForPost(simulator, WINS, 'first-touch champion');
    const second = await waitForPost(simulator, WINS, 'second one');
    const recognition = new Recognition(app.services);
    expect(await recognition.store.kudosOf(REP)).toBe(2);
    const id = /so-[a-z0-9]+/.exec(blocksText(first.blocks))?.[0] ?? '';

    // A rep may not delete it, by command or from the post's menu.
    const refused = await simulator.sendSlashCommand(REP, SALES, '/shoutout', `delete ${id}`);
    expect(ackText(refused.json)).toMatch(/Only the person who posted this shout-out, or a bullpen admin/);
    await simulator.selectOption(REP, first.ts, 'shoutout_post_menu', `delete:${id}`);
    await waitFor(
      async () =>
        simulator.workspace.ephemeralsFor(REP).find((e) => /Only the person who posted/.test(e.text)),
      'the refusal from the menu',
    );
    expect(await recognition.store.kudosOf(REP)).toBe(2);
    expect(botMessagesIn(simulator, WINS).some((m) => m.ts === first.ts)).toBe(true);

    // The author deletes it: the post goes away and the kudos come back off, once.
    const deleted = await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', `delete ${id}`);
    expect(ackText(deleted.json)).toMatch(/Deleted shout-out/);
    const again = await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', `delete ${id}`);
    expect(ackText(again.json)).toMatch(/already deleted/);
    await waitFor(
      async () => (botMessagesIn(simulator, WINS).some((m) => m.ts === first.ts) ? undefined : true),
      'the post to be deleted',
    );
    expect(await recognition.store.kudosOf(REP)).toBe(1);

    // An admin deletes the other one from the post's overflow menu.
    const secondId = /so-[a-z0-9]+/.exec(blocksText(second.blocks))?.[0] ?? '';
    await simulator.selectOption(ADMIN, second.ts, 'shoutout_post_menu', `delete:${secondId}`);
    await waitFor(
      async () => (botMessagesIn(simulator, WINS).some((m) => m.ts === second.ts) ? undefined : true),
      'the admin deletion',
    );
    expect(await recognition.store.kudosOf(REP)).toBe(0);
  });

  it('opens the modal from the message shortcut with the message author as recipient, and posts from it', async () => {
    const { simulator, app } = await start({ BULLPEN_CONFIG: policyFile() });
    await simulator.sendMessage(REP, SALES, 'Closed the Acme deal, thanks team!');
    const message = simulator.workspace.messagesIn(SALES).find((m) => m.user === REP);
    expect(message).toBeDefined();
    await simulator.messageShortcut(EXEC, 'shoutout_message', SALES, message?.ts ?? '');
    const modal = await waitFor(async () => simulator.workspace.openModal(EXEC), 'the shout-out modal');
    expect(blocksText(modal.definition['blocks'])).toContain(`"initial_users":["${REP}"]`);
    const empty = await simulator.submitView(EXEC, modal.id, { shoutout_message: { message_input: '   ' } });
    expect(JSON.stringify(empty.json)).toMatch(/needs a message/);
    await simulator.submitView(EXEC, modal.id, {
      shoutout_message: { message_input: 'Acme <3 you & so do we' },
    });
    const post = await waitForPost(simulator, WINS, 'Acme &lt;3 you &amp; so do we');
    expect(blocksText(post.blocks)).toContain(`<@${REP}>`);
    expect(await new Recognition(app.services).store.kudosOf(REP)).toBe(1);

    // A rep using the shortcut under the default policy is refused.
    await simulator.messageShortcut(TEAMMATE, 'shoutout_message', SALES, message?.ts ?? '');
    await waitFor(
      async () => simulator.workspace.ephemeralsFor(TEAMMATE).find((e) => /for executives/.test(e.text)),
      'the refusal',
    );
  });
});
