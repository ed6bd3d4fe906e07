import { validateBlocks } from '@bullpen/slack-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { liveContestsSection } from '../../../src/features/contests/slack/home-sections.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, person, startContestBullpen, waitForContest } from './local-helpers.ts';
import { commandAnswer } from '../../helpers/command-answer.ts';

describe('/leaderboard for a rep in several live contests', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('shows every live contest the rep plays in, and says "no points yet" while nobody scored', async () => {
    // Real time: two day-long contests stay running for the whole test.
    local = await startContestBullpen(fixture.prefix, 1);
    const manager = person('manager').slackId;
    const [ana, ben, cal] = [person('rep', 0), person('rep', 1), person('rep', 2)];
    const launch = (name: string, players: string[]) =>
      local!.simulator.sendSlashCommand(
        manager,
        SALES,
        '/contest',
        `start "${name}" metric:followups for:1d with:${players.map((id) => `<@${id}>`).join(',')}`,
      );
    await launch('Morning cup', [ana.slackId, ben.slackId]);
    await waitForContest(local, (c) => c.name === 'Morning cup' && c.status === 'running', 'the first');
    await launch('Evening cup', [ana.slackId, ben.slackId, cal.slackId]);
    await waitForContest(local, (c) => c.name === 'Evening cup' && c.status === 'running', 'the second');

    const answer = await commandAnswer(local.simulator, ana.slackId, SALES, '/leaderboard', '');
    const { blocks } = z.object({ blocks: z.array(z.unknown()) }).parse(answer.json);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const board = JSON.stringify(blocks);
    expect(board).toMatch(/Morning cup/);
    expect(board).toMatch(/Evening cup/);
    expect(board).toMatch(/no points yet/i);
    // Everyone tied at zero is not a ranking: nobody is "#1" with nothing.
    expect(board).not.toMatch(/1\. [^"]*0 follow-ups/);

    // Cal plays only in the evening one: his board is that one alone.
    const calBoard = JSON.stringify(
      (await commandAnswer(local.simulator, cal.slackId, SALES, '/leaderboard', '')).json,
    );
    expect(calBoard).toMatch(/Evening cup/);
    expect(calBoard).not.toMatch(/Morning cup/);

    // App Home's line for the same rep says so too, instead of "you are #1 of 3 with 0".
    const home = await liveContestsSection(createContestEngine(local.app.services)).render(
      { slackUserId: ana.slackId, salesforceUserId: null, roles: new Set(['rep']), now: new Date() },
      10,
    );
    const homeText = JSON.stringify(home);
    expect(homeText).toMatch(/Morning cup\* · no points yet/);
    expect(homeText).toMatch(/Evening cup\* · no points yet/);
    expect(homeText).not.toMatch(/you are/);
  });
});
