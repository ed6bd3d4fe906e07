import { afterEach, describe, expect, it } from 'vitest';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import type { Contest } from '../../../src/features/contests/domain/model.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, messagesMatching, person, startContestBullpen, waitForContest } from './local-helpers.ts';

/*
 * A live board message that no longer exists (deleted, or left behind in the in-memory workspace of
 * a local-mode run before a restart) is posted again once, and later edits go to the new message.
 * When the channel itself is gone, the re-post fails for good: the board is marked lost, once.
 */

const BOARD = /^Leaderboard for Gone board/;

function leadOwnedBy(local: LocalBullpen, ownerId: string, skip = 0): string {
  const ids = [...local.emulator.store.records('Lead')]
    .filter((l) => l['OwnerId'] === ownerId && l['IsDeleted'] !== true && l['IsConverted'] !== true)
    .map((l) => String(l['Id']));
  const id = ids[skip];
  if (!id) throw new Error(`owner ${ownerId} has too few leads`);
  return id;
}

async function call(local: LocalBullpen, ownerId: string, leadId: string): Promise<void> {
  local.emulator.store.insert(
    'Task',
    { WhoId: leadId, OwnerId: ownerId, Subject: 'Call', TaskSubtype: 'Call', Status: 'Completed' },
    { userId: ownerId, trusted: true },
  );
  await runSync(local.app.services, { force: true });
}

/** chat.postMessage calls (successful or not) that carried this contest's board. */
const boardPosts = (local: LocalBullpen) =>
  local.simulator.callsTo('chat.postMessage').filter((c) => BOARD.test(String(c.args['text'])));

const boardEditsOf = (local: LocalBullpen, ts: string | undefined) =>
  local.simulator.callsTo('chat.update').filter((c) => c.args['ts'] === ts);

async function launch(local: LocalBullpen, repIds: string[]): Promise<Contest> {
  const manager = person('manager');
  const mentions = repIds.map((id) => `<@${id}>`).join(',');
  await local.simulator.sendSlashCommand(
    manager.slackId,
    SALES,
    '/contest',
    `start "Gone board" metric:calls for:1d with:${mentions}`,
  );
  const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
  await waitFor(
    async () => (messagesMatching(local, SALES, BOARD).length === 1 ? true : undefined),
    'the live board post',
  );
  return contest;
}

const points = async (local: LocalBullpen, contest: Contest) =>
  Object.fromEntries(
    (await createContestEngine(local.app.services).standings(contest)).map((r) => [r.repId, r.points]),
  );

describe('a live board message that no longer exists', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('is re-posted once, and the next edit goes to the new message', async () => {
    // 1/250 speed: board edits every 240 ms; the day-long contest outlasts the test.
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const [ana, ben] = [person('rep', 0), person('rep', 1)];
    const contest = await launch(local, [ana.slackId, ben.slackId]);
    const oldTs = messagesMatching(local, SALES, BOARD)[0]?.ts ?? '';
    local.simulator.workspace.removeMessage(SALES, oldTs);

    await call(local, ana.salesforceId, leadOwnedBy(local, ana.salesforceId));
    const reposted = await waitFor(
      async () => messagesMatching(local!, SALES, BOARD)[0],
      'the board to be posted again',
    );
    expect(reposted.ts).not.toBe(oldTs);
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(boardPosts(local)).toHaveLength(2);
    expect(messagesMatching(local, SALES, BOARD)).toHaveLength(1);

    await call(local, ben.salesforceId, leadOwnedBy(local, ben.salesforceId));
    await waitFor(
      async () => ((await points(local!, contest))[ben.slackId] === 1 ? true : undefined),
      'score',
    );
    await waitFor(
      async () =>
        boardEditsOf(local!, reposted.ts).some(
          (c) => c.response['ok'] === true && /Jordan Lee[^"]*1 call/.test(JSON.stringify(c.args['blocks'])),
        )
          ? true
          : undefined,
      'the edit of the re-posted board',
    );
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(boardPosts(local)).toHaveLength(2);
    expect(messagesMatching(local, SALES, BOARD)).toHaveLength(1);
  });

  it('stops after one failed re-post when the channel is gone, instead of retrying forever', async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const [ana] = [person('rep', 0)];
    const contest = await launch(local, [ana.slackId]);
    const oldTs = messagesMatching(local, SALES, BOARD)[0]?.ts;
    local.simulator.workspace.conversations.delete(SALES);

    await call(local, ana.salesforceId, leadOwnedBy(local, ana.salesforceId, 0));
    await waitFor(
      async () => ((await points(local!, contest))[ana.slackId] === 1 ? true : undefined),
      'score',
    );
    await waitFor(async () => (boardPosts(local!).length === 2 ? true : undefined), 'the one re-post');
    await waitForQueuesToDrain(local.app.services.jobs);
    const edits = boardEditsOf(local, oldTs).length;
    expect(boardPosts(local).at(-1)?.response['error']).toBe('channel_not_found');
    const engine = createContestEngine(local.app.services);
    expect((await engine.side.board(contest.id)).lost).toMatch(/channel_not_found/);

    // More points: no edit of the lost board and no other re-post.
    await call(local, ana.salesforceId, leadOwnedBy(local, ana.salesforceId, 1));
    await waitFor(
      async () => ((await points(local!, contest))[ana.slackId] === 2 ? true : undefined),
      'score',
    );
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(boardPosts(local)).toHaveLength(2);
    expect(boardEditsOf(local, oldTs)).toHaveLength(edits);
  });

  it('is re-posted once after a restart with the same Redis and a fresh workspace', async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const [ana] = [person('rep', 0)];
    const contest = await launch(local, [ana.slackId]);
    await waitForQueuesToDrain(local.app.services.jobs);
    await local.close();
    // The fresh workspace starts without the board; the scheduled "time left" edit (every 1.2 s
    // here) may find it gone and re-post it before the score below does.
    local = await startContestBullpen(fixture.prefix, 1 / 250);

    await call(local, ana.salesforceId, leadOwnedBy(local, ana.salesforceId));
    await waitFor(
      async () => ((await points(local!, contest))[ana.slackId] === 1 ? true : undefined),
      'score',
    );
    await waitFor(
      async () =>
        messagesMatching(local!, SALES, BOARD).some((m) =>
          /Sam Carter[^"]*1 call/.test(JSON.stringify(m.blocks)),
        )
          ? true
          : undefined,
      'the board in the new workspace, with the new point',
    );
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(boardPosts(local)).toHaveLength(1);
    expect(messagesMatching(local, SALES, BOARD)).toHaveLength(1);
  });
});
