import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { EXEC, policyFile, REP, shoutoutAnswer, WINS } from './fixtures.ts';

/*
 * A shout-out whose post Slack refuses for good (here: the recognition channel is private and
 * bullpen was never invited, so chat.postMessage answers not_in_channel) is not retried in vain:
 * its author is told why, with what they wrote, and what to do.
 */
describe('a shout-out Slack will not post', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('tells the author why, quoting what they wrote, and stops trying', { timeout: 60_000 }, async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    const wins = simulator.workspace.resolveConversation(WINS);
    if (!wins) throw new Error('no recognition channel in the demo workspace');
    wins.isPrivate = true;
    wins.members = wins.members.filter((id) => id !== simulator.workspace.bot.userId);

    // The answer comes in the acknowledgement, or through response_url on a loaded machine.
    const answer = await shoutoutAnswer(
      simulator,
      EXEC,
      `<@${REP}|sam.carter> turned the Acme renewal around in two days &amp; kept the champion`,
    );
    expect(answer.text).toMatch(/on its way/);

    const dmChannel = simulator.workspace.openDm(EXEC).id;
    const told = await waitFor(
      async () =>
        simulator.workspace
          .messagesIn(dmChannel)
          .map((m) => m.text)
          .find((text) => text.includes('not posted')),
      "a DM telling the author the shout-out wasn't posted",
    );
    expect(told).toContain('not_in_channel');
    expect(told).toContain(`<#${WINS}>`);
    expect(told).toContain('/invite @bullpen');
    expect(told).toContain('turned the Acme renewal around in two days &amp; kept the champion');

    await waitFor(async () => {
      for (const name of ['slack-delivery', 'recognition'] as const) {
        const counts = await app.services.jobs
          .queueNamed(name)
          .getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return undefined;
      }
      return true;
    }, 'the queues to drain');
    // One attempt: not_in_channel does not get better by asking again.
    const posts = simulator.callsTo('chat.postMessage').filter((c) => c.args['channel'] === WINS);
    expect(posts.map((c) => c.response['error'])).toEqual(['not_in_channel']);
    // Nothing was posted, so nothing is counted.
    expect(await new Recognition(app.services).store.kudosOf(REP)).toBe(0);
  });
});
