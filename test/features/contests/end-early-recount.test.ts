import { afterEach, describe, expect, it } from 'vitest';
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
 * `/contest end` in the same wall-clock second as the last calls: five reps play, four score (4, 3,
 * 2 and 1 calls). The recount from Salesforce must find the calls the live board counted; SOQL
 * datetime literals have no milliseconds, so a cut-off rounded down to its second would drop them
 * all ("4 score(s) corrected", "Nobody scored this time").
 */

const FINAL = /^Final results for Ended early/;
const SECOND = 1000;

describe('a contest ended early with /contest end', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('recounts the calls made in the second before the end and corrects no score', async () => {
    // The contests clock is held still from the calls on, so the end lands 500 ms after them,
    // in the same second, however slow the machine is.
    let heldAt: Date | null = null;
    local = await startContestBullpen(fixture.prefix, { now: () => heldAt ?? new Date(), timeScale: 1 });
    const manager = person('manager');
    const reps = [0, 1, 2, 3, 4].map((i) => person('rep', i));
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Ended early" metric:calls for:1h with:${reps.map((r) => `<@${r.slackId}>`).join(',')}`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');

    // Calls logged two seconds into the contest, 200 ms into their second.
    const startSecond = Math.floor(contest.window.start.getTime() / SECOND) * SECOND;
    const calledAt = new Date(startSecond + 2 * SECOND + 200);
    heldAt = new Date(calledAt.getTime() + 500);
    const calls = [4, 3, 2, 1, 0];
    logCalls(local, reps, calls, calledAt);
    await runSync(local.app.services, { force: true });
    const engine = createContestEngine(local.app.services);
    await waitFor(
      async () =>
        (await engine.standings(contest)).reduce((sum, row) => sum + row.points, 0) === 10 ? true : undefined,
      'ten calls scored',
    );

    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', `end ${contest.id}`);
    const final = await waitFor(async () => messagesMatching(local!, SALES, FINAL)[0], 'the final results');
    await waitForQueuesToDrain(local.app.services.jobs);
    const ended = await engine.contests.get(contest.id);
    expect(ended?.endedAt?.toISOString()).toBe(heldAt.toISOString());
    const body = JSON.stringify(final.blocks);
    expect(body).not.toContain('Nobody scored');
    expect(body).toContain('Recounted from Salesforce before posting.');
    expect(body).not.toContain('corrected');
    const rows = reps
      .slice(0, 4)
      .map((rep, i) => `${rep.name} · ${calls[i]} call${calls[i] === 1 ? '' : 's'}`);
    for (const row of rows) expect(body).toContain(row);
  });
});
