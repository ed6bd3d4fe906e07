import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { ackText, botMessagesIn, EXEC, policyFile, REP, SALES, WINS } from './fixtures.ts';

/*
 * `/shoutout` checks every person it mentions with users.info. When Slack does not answer that
 * (here: users.info outlasts bullpen's Slack client timeout, which outlasts the ack deadline, so the
 * author has already seen "Checking the people you mentioned…"), the author is told what failed,
 * with what they wrote, instead of hearing nothing more.
 */
describe('/shoutout when Slack will not say who someone is', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('tells the author what failed, quoting what they wrote, and posts nothing', async () => {
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: policyFile(),
      SLACK_TIMEOUT_MS: '2500',
    });
    const { simulator, app } = local;
    simulator.setResponseDelay('users.info', 10_000);

    const typed = `<@${REP}|sam.carter> rescued the Globex renewal &amp; kept the champion`;
    const response = await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', typed);
    expect(ackText(response.json)).toBe('Checking the people you mentioned…');

    const answer = await waitFor(async () => {
      const texts = simulator.responseUrlPosts.map((p) => String(p.body['text'] ?? ''));
      return texts.find((text) => text.length > 0);
    }, 'the answer after "Checking the people you mentioned…"');
    expect(answer).toMatch(/users\.info: .*timeout/);
    expect(answer).toMatch(/nothing was posted/i);
    expect(answer).toMatch(/^> \/shoutout .*rescued the Globex renewal/m);

    expect(botMessagesIn(simulator, WINS)).toHaveLength(0);
    expect(await new Recognition(app.services).store.recent(5)).toEqual([]);
  });
});
