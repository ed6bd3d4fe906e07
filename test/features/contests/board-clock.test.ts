import { afterEach, describe, expect, it } from 'vitest';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { contestsQueue } from '../../../src/features/contests/queue.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, messagesMatching, person, startContestBullpen, waitForContest } from './local-helpers.ts';

/*
 * The live board says how much time is left, so it is edited on a schedule even when nobody
 * scores: otherwise "23h 59m left" would stay on the board for a quiet day.
 */

const BOARD = /^Leaderboard for Quiet day/;

describe('the live board of a contest where nobody scores', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('is edited with the new time left after the clock moves', async () => {
    let offsetMs = 0;
    // 1/250 speed: a 5-minute tick every 1.2 s, board edits at most every 240 ms.
    local = await startContestBullpen(fixture.prefix, {
      now: () => new Date(Date.now() + offsetMs),
      timeScale: 1 / 250,
    });
    const manager = person('manager');
    const ana = person('rep', 0);
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Quiet day" metric:calls for:1d with:<@${ana.slackId}>`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    const board = await waitFor(async () => messagesMatching(local!, SALES, BOARD)[0], 'the board post');
    expect(JSON.stringify(board.blocks)).toMatch(/23h 5\dm left/);

    offsetMs = 3 * 3600_000;
    const edit = await waitFor(
      async () =>
        local!.simulator
          .callsTo('chat.update')
          .find((c) => c.args['ts'] === board.ts && /20h 5\dm left/.test(JSON.stringify(c.args['blocks']))),
      'the board edited with the time left three hours later',
    );
    expect(edit.response['ok']).toBe(true);
    const standings = await createContestEngine(local.app.services).standings(contest);
    expect(standings.every((row) => row.points === 0)).toBe(true);

    // Once the contest is over its ticks stop: no job scheduler is left behind.
    const queue = local.app.services.jobs.queue(contestsQueue);
    expect(await queue.getJobSchedulersCount()).toBe(1);
    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', `end ${contest.id}`);
    await waitForContest(local, (c) => c.id === contest.id && c.status === 'ended', 'the contest to end');
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(await queue.getJobSchedulersCount()).toBe(0);
  });
});
