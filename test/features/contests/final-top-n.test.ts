import { afterEach, describe, expect, it } from 'vitest';
import { postReminder } from '../../../src/features/contests/app/posting.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import {
  SALES,
  logCalls,
  messagesMatching,
  person,
  startContestBullpen,
  waitForContest,
} from './local-helpers.ts';
import { useRedis } from '../../helpers/redis.ts';

/*
 * `top:3` end to end: five reps play, four score (4, 3, 2 and 1 calls), one does not. The final
 * results post lists the top three and no zero; every participant still gets their rank by DM.
 */

const FINAL = /^Final results for Top three/;

describe('a contest launched with top:3', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('posts final results with three rows and no zeros, and a rank DM to everyone', async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const manager = person('manager');
    const reps = [0, 1, 2, 3, 4].map((i) => person('rep', i));
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Top three" metric:calls for:1h top:3 with:${reps.map((r) => `<@${r.slackId}>`).join(',')}`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    logCalls(local, reps, [4, 3, 2, 1, 0]);
    await runSync(local.app.services, { force: true });
    const engine = createContestEngine(local.app.services);
    await waitFor(
      async () =>
        (await engine.standings(contest)).reduce((sum, row) => sum + row.points, 0) === 10 ? true : undefined,
      'ten calls scored',
    );

    // The hour runs out by itself (14.4 s at this speed) and the results are recounted and posted.
    const final = await waitFor(async () => messagesMatching(local!, SALES, FINAL)[0], 'the final results');
    await waitForQueuesToDrain(local.app.services.jobs);
    const body = JSON.stringify(final.blocks);
    // A row shows the name, or a mention when the name could not be looked up.
    const listed = reps.filter(
      (rep) => body.includes(`${rep.name} ·`) || body.includes(`<@${rep.slackId}> ·`),
    );
    expect(listed.map((rep) => rep.slackId)).toEqual(reps.slice(0, 3).map((rep) => rep.slackId));
    expect(body).not.toMatch(/ 0 calls/);
    expect(body).toContain('5 took part');
    for (const rep of reps) {
      const dm = local.simulator.workspace.openDm(rep.slackId).id;
      expect(messagesMatching(local, dm, /final rank/)).toHaveLength(1);
    }
  });

  it("posts a long contest's daily standings with only those who scored, never a zero", async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const manager = person('manager');
    const reps = [0, 1, 2, 3, 4].map((i) => person('rep', i));
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Daily three" metric:calls for:3d with:${reps.map((r) => `<@${r.slackId}>`).join(',')}`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    logCalls(local, reps, [4, 3, 2, 1, 0]);
    await runSync(local.app.services, { force: true });
    const engine = createContestEngine(local.app.services);
    await waitFor(
      async () =>
        (await engine.standings(contest)).reduce((sum, row) => sum + row.points, 0) === 10 ? true : undefined,
      'ten calls scored',
    );

    // What the scheduled daily-standings job does when it runs: one new post in the channel.
    const before = new Set(local.simulator.workspace.messagesIn(SALES).map((m) => m.ts));
    const job = {
      jobId: `${contest.id}-daily-test`,
      kind: 'daily-standings' as const,
      runAt: new Date(),
      contestId: contest.id,
    };
    await postReminder(engine, contest, job);
    await waitForQueuesToDrain(local.app.services.jobs);
    const posted = local.simulator.workspace.messagesIn(SALES).filter((m) => !before.has(m.ts));
    expect(posted).toHaveLength(1);
    const post = posted[0]!;
    const body = JSON.stringify(post.blocks);
    const listed = reps.filter(
      (rep) => body.includes(`${rep.name} ·`) || body.includes(`<@${rep.slackId}> ·`),
    );
    expect(listed.map((rep) => rep.slackId)).toEqual(reps.slice(0, 4).map((rep) => rep.slackId));
    expect(body).not.toMatch(/ 0 calls/);
  });
});
