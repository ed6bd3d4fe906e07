import { afterEach, describe, expect, it } from 'vitest';
import { recognitionFor } from '../../src/recognition/service.ts';
import { startLocalBullpen, type LocalBullpen } from '../helpers/app.ts';
import { waitFor } from '../helpers/process.ts';
import { useRedis } from '../helpers/redis.ts';
import { ackText, botMessagesIn, EXEC, policyFile, REP, SALES, WINS } from './fixtures.ts';

/*
 * `/shoutout` checks every person it mentions with users.info. When Slack will not answer that
 * (here: users.info is rate limited until bullpen's client gives up, which outlasts the 3 s ack, so
 * the author has already seen "Checking the people you mentioned…"), the author is told what failed,
 * with what they wrote, instead of hearing nothing more.
 */
describe('/shoutout when Slack will not say who someone is', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it(
    'tells the author what failed, quoting what they wrote, and posts nothing',
    { timeout: 60_000 },
    async () => {
      local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
      const { simulator, app } = local;
      simulator.setRateLimit('users.info', 0);

      const typed = `<@${REP}|sam.carter> rescued the Globex renewal &amp; kept the champion`;
      const response = await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', typed);
      expect(ackText(response.json)).toBe('Checking the people you mentioned…');

      const answer = await waitFor(
        async () => {
          const texts = simulator.responseUrlPosts.map((p) => String(p.body['text'] ?? ''));
          return texts.find((text) => text.length > 0);
        },
        30_000,
        'the answer after "Checking the people you mentioned…"',
      );
      expect(answer).toMatch(/users\.info/);
      expect(answer).toMatch(/nothing was posted/i);
      expect(answer).toMatch(/^> \/shoutout .*rescued the Globex renewal/m);

      expect(botMessagesIn(simulator, WINS)).toHaveLength(0);
      expect(await recognitionFor(app.services).store.recent(5)).toEqual([]);
    },
  );
});
