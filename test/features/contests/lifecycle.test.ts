import { afterEach, describe, expect, it } from 'vitest';
import { finaliseContest, finalState } from '../../../src/features/contests/app/finalise.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { contestsQueue } from '../../../src/features/contests/queue.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  SALES,
  ephemeralText,
  messagesMatching,
  person,
  startContestBullpen,
  waitForContest,
} from './local-helpers.ts';
import { commandAnswer } from '../../helpers/command-answer.ts';
import { WHY_ACTION_ID } from '../../../src/features/contests/app/leaderboard.ts';

/** A lead owned by this Salesforce user in the emulator's demo data. */
function leadsOwnedBy(local: LocalBullpen, ownerId: string, count: number): string[] {
  const ids: string[] = [];
  for (const lead of local.emulator.store.records('Lead')) {
    if (lead['OwnerId'] === ownerId && lead['IsDeleted'] !== true && lead['IsConverted'] !== true) {
      ids.push(String(lead['Id']));
    }
    if (ids.length === count) break;
  }
  if (ids.length < count) throw new Error(`owner ${ownerId} has only ${ids.length} leads`);
  return ids;
}

function logTask(local: LocalBullpen, ownerId: string, leadId: string, subtype: 'Call' | 'Email'): string {
  const task = local.emulator.store.insert(
    'Task',
    {
      WhoId: leadId,
      OwnerId: ownerId,
      Subject: `${subtype} from test`,
      TaskSubtype: subtype,
      Status: 'Completed',
    },
    { userId: ownerId, trusted: true },
  );
  return String(task['Id']);
}

describe('a contest from start to final results', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('scores synced activity, edits the live board, and posts final results once', async () => {
    // A one-hour contest at 1/250 speed: 14.4 s, live-board edits every 240 ms.
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const manager = person('manager');
    const [ana, ben, outsider] = [person('rep', 0), person('rep', 1), person('rep', 2)];
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Power hour" metric:followups for:1h with:<@${ana.slackId}>,<@${ben.slackId}> prize:"Lunch <on me>"`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    await waitFor(
      async () =>
        messagesMatching(local!, SALES, /^Leaderboard for Power hour/).length === 1 ? true : undefined,
      'the live board post',
    );

    // Hand-checked fixture: Ana calls lead 1 twice (one point: one per lead per day) and emails
    // lead 2 (one point); Ben calls lead 3 and emails it later (one point); Ben's second lead
    // is called and the call then deleted (no point); a non-participant's call scores nothing.
    const [a1, a2] = leadsOwnedBy(local, ana.salesforceId, 2) as [string, string];
    const [b1, b2] = leadsOwnedBy(local, ben.salesforceId, 2) as [string, string];
    const [o1] = leadsOwnedBy(local, outsider.salesforceId, 1) as [string];
    logTask(local, ana.salesforceId, a1, 'Call');
    logTask(local, ana.salesforceId, a1, 'Call');
    logTask(local, ana.salesforceId, a2, 'Email');
    logTask(local, ben.salesforceId, b1, 'Call');
    logTask(local, ben.salesforceId, b1, 'Email');
    const deleted = logTask(local, ben.salesforceId, b2, 'Call');
    logTask(local, outsider.salesforceId, o1, 'Call');
    await runSync(local.app.services, { force: true });

    const engine = createContestEngine(local.app.services);
    const points = async () =>
      Object.fromEntries((await engine.standings(contest)).map((row) => [row.repId, row.points]));
    await waitFor(async () => {
      const now = await points();
      return now[ana.slackId] === 2 && now[ben.slackId] === 2 ? now : undefined;
    }, 'scores from the synced activity');
    local.emulator.store.delete('Task', deleted);
    await runSync(local.app.services, { force: true });
    await waitFor(
      async () => ((await points())[ben.slackId] === 1 ? true : undefined),
      'the deleted call to take its point back',
    );

    // The live board message is edited in place (chat.update), never re-posted.
    const boardTs = messagesMatching(local, SALES, /^Leaderboard for Power hour/)[0]?.ts;
    await waitFor(
      async () =>
        local!.simulator
          .callsTo('chat.update')
          .some(
            (call) => call.args['ts'] === boardTs && /1 follow-up/.test(JSON.stringify(call.args['blocks'])),
          )
          ? true
          : undefined,
      'the live board edit',
    );
    expect(messagesMatching(local, SALES, /^Leaderboard for Power hour/)).toHaveLength(1);

    // "Why do I have these points?" lists Ana's two ledger entries.
    const why = await commandAnswer(local.simulator, ana.slackId, SALES, '/leaderboard', 'why');
    expect(JSON.stringify(why.json)).toMatch(/Your points in Power hour\* \(2\)/);
    const board = await commandAnswer(local.simulator, ben.slackId, SALES, '/leaderboard', '');
    expect(JSON.stringify(board.json)).toMatch(/← you/);
    // The Why button under Ben's board: a worker answers with his own one remaining entry.
    const bensBoard = local.simulator.workspace
      .ephemeralsFor(ben.slackId, SALES)
      .findLast((e) => JSON.stringify(e.blocks ?? []).includes(WHY_ACTION_ID));
    if (!bensBoard) throw new Error("Ben's board has no Why button");
    const before = local.simulator.responseUrlPosts.length;
    await local.simulator.clickButton(ben.slackId, bensBoard.ts, WHY_ACTION_ID, contest.id);
    const bensWhy = await waitFor(
      async () =>
        local!.simulator.responseUrlPosts
          .slice(before)
          .find((p) => /Your points/.test(JSON.stringify(p.body))),
      "the answer to Ben's Why click",
    );
    expect(JSON.stringify(bensWhy.body)).toMatch(/Your points in Power hour\* \(1\)/);

    // The end job (scaled) ends the contest, recounts from Salesforce and posts once.
    const final = await waitFor(async () => {
      const posts = messagesMatching(local!, SALES, /^Final results for Power hour/);
      return posts.length > 0 ? posts : undefined;
    }, 'the final results');
    const finalText = JSON.stringify(final[0]?.blocks);
    expect(finalText).toMatch(new RegExp(`Winner: <@${ana.slackId}> with 2 follow-ups`));
    expect(finalText).toMatch(/Lunch &lt;on me&gt;/);
    expect(finalText).toMatch(/🥇 Sam Carter · 2 follow-ups/);
    expect(finalText).toMatch(/🥈 Jordan Lee · 1 follow-up/);
    await waitFor(
      async () =>
        local!.simulator.callsTo('chat.postMessage').filter((c) => /final rank/.test(String(c.args['text'])))
          .length === 2
          ? true
          : undefined,
      'a final-rank DM to each participant',
    );
    expect((await engine.contests.get(contest.id))?.status).toBe('ended');
    expect(await finalState(engine, contest.id)).toHaveProperty('done');
    // Running the end again (a retried job) posts nothing new.
    expect(await finaliseContest(engine, contest.id)).toBe('already-finalised');
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(messagesMatching(local, SALES, /^Final results for Power hour/)).toHaveLength(1);
    expect(ephemeralText(local, manager.slackId)).toMatch(/Launched/);
  });

  it('finishes a finalisation a dead worker left half-done, and two finalisers post once', async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 1000);
    const manager = person('manager');
    const ana = person('rep', 0);
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Crash test" metric:calls for:2d with:<@${ana.slackId}>`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    const engine = createContestEngine(local.app.services);
    await expect(
      finaliseContest(engine, contest.id, {
        afterStep: (step) => {
          if (step === 'recomputed') throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    const halfway = await finalState(engine, contest.id);
    expect(halfway).toHaveProperty('rows');
    expect(halfway).not.toHaveProperty('posted');
    expect((await engine.contests.get(contest.id))?.status).toBe('ended');

    const outcomes = await Promise.all([
      finaliseContest(engine, contest.id),
      finaliseContest(engine, contest.id),
    ]);
    expect(outcomes).toContain('finalised');
    await waitFor(
      async () =>
        messagesMatching(local!, SALES, /^Final results for Crash test/).length > 0 ? true : undefined,
      'the final results',
    );
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(messagesMatching(local, SALES, /^Final results for Crash test/)).toHaveLength(1);
    expect(
      local.simulator.callsTo('chat.postMessage').filter((c) => /final rank/.test(String(c.args['text']))),
    ).toHaveLength(1);
  });

  it('extend and cancel reschedule the delayed jobs; only the launcher or an admin may', async () => {
    local = await startContestBullpen(fixture.prefix, 1);
    const manager = person('manager', 0);
    const otherManager = person('manager', 1);
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      'start "Week" metric:followups for:2d',
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    const queue = local.app.services.jobs.queue(contestsQueue);
    const endJobId = `contest-${contest.id}-end`;
    const endRunAt = async () =>
      ((await queue.getJob(endJobId))?.data as { runAt?: string } | undefined)?.runAt;
    expect(await endRunAt()).toBe(contest.window.end.toISOString());

    const refused = await local.simulator.sendSlashCommand(
      otherManager.slackId,
      SALES,
      '/contest',
      `extend ${contest.id} 1d`,
    );
    expect(refused.status).toBe(200);
    await waitFor(
      async () =>
        /or an admin can extend it/.test(ephemeralText(local!, otherManager.slackId)) ? true : undefined,
      'the refusal',
    );

    const tooLong = await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `extend ${contest.id} 29d`,
    );
    expect(tooLong.status).toBe(200);
    await waitFor(
      async () => (/at most 30 days/.test(ephemeralText(local!, manager.slackId)) ? true : undefined),
      'the 30-day cap',
    );

    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', `extend ${contest.id} 1d`);
    const newEnd = new Date(contest.window.end.getTime() + 86_400_000).toISOString();
    await waitFor(async () => ((await endRunAt()) === newEnd ? true : undefined), 'the end job to move');
    expect((await engine(local).contests.get(contest.id))?.window.end.toISOString()).toBe(newEnd);

    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', `cancel ${contest.id}`);
    await waitFor(async () => ((await queue.getJob(endJobId)) ? undefined : true), 'the end job to go');
    expect(await queue.getJob(`contest-${contest.id}-halfway`)).toBeUndefined();
    expect((await engine(local).contests.get(contest.id))?.status).toBe('cancelled');
    await waitFor(
      async () => (messagesMatching(local!, SALES, /was cancelled/).length === 1 ? true : undefined),
      'the cancellation note',
    );
  });
});

const engine = (local: LocalBullpen) => createContestEngine(local.app.services);
