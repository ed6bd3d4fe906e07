import { afterEach, describe, expect, it } from 'vitest';
import type { SimUser } from '@bullpen/slack-simulator';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  blocksText,
  botMessagesIn,
  EXEC,
  policyFile,
  REP,
  shoutoutAnswer,
  TEAMMATE,
  waitForPost,
  WINS,
} from './fixtures.ts';

/*
 * People type names after /shoutout instead of picking them from Slack's autocomplete (the README's
 * own example is `/shoutout @Sam Carter great work`), so Slack sends plain `@Sam Carter` text rather
 * than a `<@U…>` mention. bullpen resolves display names, real names and handles against the
 * workspace's members (users.list); the longest name wins, and two people with the same name are
 * never guessed between.
 */
describe('/shoutout with typed @names', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it("posts the README's example to Sam Carter, whose full name beats his display name 'Sam'", async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    const answer = await shoutoutAnswer(simulator, EXEC, '@Sam Carter great work');
    expect(answer.text).toMatch(/on its way to <#C0DEMOWINS1>/);

    const post = await waitForPost(simulator, WINS, 'great work');
    expect(blocksText(post.blocks)).toContain(`<@${REP}>`);
    // "Carter" was part of the name, not of the message.
    expect(blocksText(post.blocks)).not.toContain('Carter great work');
    const [stored] = await new Recognition(app.services).store.recent(5);
    expect(stored).toMatchObject({ recipients: [REP], plain: 'great work' });
  });

  it('resolves handles and mixes them with picked mentions', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    const answer = await shoutoutAnswer(simulator, EXEC, `@jordan.lee, <@${REP}|sam.carter> booked 3 demos`);
    expect(answer.text).toMatch(/on its way/);
    await waitForPost(simulator, WINS, 'booked 3 demos');
    const [stored] = await new Recognition(app.services).store.recent(5);
    expect(stored).toMatchObject({ recipients: [TEAMMATE, REP], plain: 'booked 3 demos' });
  });

  it('asks the author to pick when two people have the same name, and posts nothing', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    const sam = simulator.workspace.users.get(REP);
    if (!sam) throw new Error('the demo workspace has no Sam Carter');
    const otherSam: SimUser = {
      ...sam,
      id: 'U0DEMOREP99',
      name: 'sam.patel',
      real_name: 'Sam Patel',
      profile: {
        ...sam.profile,
        real_name: 'Sam Patel',
        display_name: 'Sam',
        email: 'sam.patel@example.com',
      },
    };
    simulator.workspace.users.set(otherSam.id, otherSam);

    const answer = await shoutoutAnswer(simulator, EXEC, '@Sam great work');
    expect(answer.text).toMatch(/more than one person/i);
    expect(answer.text).toContain(`<@${REP}>`);
    expect(answer.text).toContain('<@U0DEMOREP99>');
    expect(answer.text).toMatch(/@sam\.carter/);
    expect(answer.text).toMatch(/nothing was posted/i);
    expect(answer.response.json?.['response_type']).toBe('ephemeral');
    expect(await new Recognition(app.services).store.recent(5)).toEqual([]);
    expect(botMessagesIn(simulator, WINS)).toHaveLength(0);

    // The full name is not ambiguous.
    const full = await shoutoutAnswer(simulator, EXEC, '@Sam Patel great work');
    expect(full.text).toMatch(/on its way/);
    const [stored] = await new Recognition(app.services).store.recent(5);
    expect(stored).toMatchObject({ recipients: ['U0DEMOREP99'] });
  });

  it('still says which name it could not find, and posts nothing', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    const answer = await shoutoutAnswer(simulator, EXEC, '@Sam Carter @Nobody Here great work');
    expect(answer.text).toMatch(/couldn't find \*@Nobody\*/);
    expect(await new Recognition(app.services).store.recent(5)).toEqual([]);
    expect(botMessagesIn(simulator, WINS)).toHaveLength(0);
  });
});
