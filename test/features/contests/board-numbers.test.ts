import { afterEach, describe, expect, it } from 'vitest';
import type { EnteredValues } from '@bullpen/slack-simulator';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { liveContestsSection } from '../../../src/features/contests/slack/home-sections.ts';
import { actionIdFor, CONTEST_BLOCK_IDS } from '../../../src/features/contests/slack/blocks.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, messagesMatching, person, startContestBullpen, waitForContest } from './local-helpers.ts';
import { commandAnswer } from '../../helpers/command-answer.ts';

/**
 * Issue 17, end to end through the Slack simulator and the Salesforce emulator: the SLA hit-rate
 * board shows hits/decided and ranks a record over luck (with the policy minimum), and a goal per
 * rep shows as "% to goal" on every surface.
 */

function newLead(local: LocalBullpen, ownerId: string, name: string): string {
  const lead = local.emulator.store.insert('Lead', {
    LastName: name,
    Company: `${name} Inc`,
    Status: 'Open - Not Contacted',
    LeadSource: 'Web',
    OwnerId: ownerId,
  });
  return String(lead['Id']);
}

function logTask(local: LocalBullpen, ownerId: string, leadId: string, subtype: 'Call' | 'Email'): void {
  local.emulator.store.insert(
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
}

/** The text of every edit of a board message, newest last. */
const boardEdits = (local: LocalBullpen): string[] =>
  local.simulator.callsTo('chat.update').map((call) => JSON.stringify(call.args['blocks']));

describe('what the board shows', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('an SLA hit-rate board shows "2/2 · 100%", and a rep short of the minimum is listed last and cannot win', async () => {
    // A two-hour contest at 1/250 speed (28.8 s); two decided leads are the policy minimum here.
    local = await startContestBullpen(fixture.prefix, 1 / 250, ['  slaHitRate:', '    minDecided: 2']);
    const manager = person('manager');
    const [ana, ben] = [person('rep', 0), person('rep', 1)];
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "SLA sprint" metric:sla_hit_rate for:2h with:<@${ana.slackId}>,<@${ben.slackId}>`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');

    // New leads assigned in the contest and called at once: Ana 2 of 2, Ben 1 of 1.
    for (const [rep, name] of [
      [ana, 'Hit One'],
      [ana, 'Hit Two'],
      [ben, 'Lucky One'],
    ] as const) {
      logTask(local, rep.salesforceId, newLead(local, rep.salesforceId, name), 'Call');
    }
    await runSync(local.app.services, { force: true });
    const engine = createContestEngine(local.app.services);
    await waitFor(async () => {
      const rows = await engine.standings(contest);
      const decided = rows.map((row) => row.tally?.decided ?? 0);
      return decided.reduce((sum, n) => sum + n, 0) === 3 ? rows : undefined;
    }, 'the three SLA hits to score');

    const board = JSON.stringify(
      (await commandAnswer(local.simulator, ben.slackId, SALES, '/leaderboard', '')).json,
    );
    expect(board).toMatch(/🥇 Sam Carter · 2\/2 · 100%/);
    expect(board).toMatch(/\*2\. Jordan Lee · 1\/1 · 100% · needs 1 more due lead to rank\* {2}← you/);

    const final = await waitFor(async () => {
      const posts = messagesMatching(local!, SALES, /^Final results for SLA sprint/);
      return posts.length > 0 ? posts : undefined;
    }, 'the final results');
    const finalText = JSON.stringify(final[0]?.blocks);
    expect(finalText).toContain(`Winner: <@${ana.slackId}> with 2/2 · 100%`);
    expect(finalText).toMatch(/2\. Jordan Lee · 1\/1 · 100% · needs 1 more due lead to rank/);
  });

  it('a goal per rep shows "% to goal" on the live board, /leaderboard, Home and the final results', async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const manager = person('manager');
    const [ana, ben] = [person('rep', 0), person('rep', 1)];
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Goal hour" metric:followups for:2h goal:4 with:<@${ana.slackId}>,<@${ben.slackId}>`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    expect(contest.goal).toBe(4);

    // Ana follows up on two leads of her own: 2 of 4.
    const anaLeads = [...local.emulator.store.records('Lead')]
      .filter((lead) => lead['OwnerId'] === ana.salesforceId && lead['IsDeleted'] !== true)
      .slice(0, 2)
      .map((lead) => String(lead['Id']));
    for (const leadId of anaLeads) logTask(local, ana.salesforceId, leadId, 'Email');
    await runSync(local.app.services, { force: true });
    const engine = createContestEngine(local.app.services);
    await waitFor(async () => {
      const rows = await engine.standings(contest);
      return rows.find((row) => row.repId === ana.slackId)?.points === 2 ? rows : undefined;
    }, 'two follow-ups to score');

    await waitFor(
      async () =>
        boardEdits(local!).some((edit) => /Sam Carter · 2 follow-ups · 50% to goal/.test(edit))
          ? true
          : undefined,
      'the live board edit with the goal',
    );
    const board = JSON.stringify(
      (await commandAnswer(local.simulator, ana.slackId, SALES, '/leaderboard', '')).json,
    );
    expect(board).toMatch(/Sam Carter · 2 follow-ups · 50% to goal\* {2}← you/);
    const home = await liveContestsSection(engine).render(
      { slackUserId: ana.slackId, salesforceUserId: null, roles: new Set(['rep']), now: new Date() },
      10,
    );
    expect(JSON.stringify(home)).toMatch(/you are \*#1\* of 2 with 2 follow-ups · 50% to goal/);

    const final = await waitFor(async () => {
      const posts = messagesMatching(local!, SALES, /^Final results for Goal hour/);
      return posts.length > 0 ? posts : undefined;
    }, 'the final results');
    expect(JSON.stringify(final[0]?.blocks)).toContain(
      `Winner: <@${ana.slackId}> with 2 follow-ups · 50% to goal`,
    );
  });
});

describe('"Goal per rep" in the /contest form, through the simulator', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('refuses a goal on the SLA hit rate on its field, and launches a count contest with the goal', async () => {
    local = await startContestBullpen(fixture.prefix, 1);
    const manager = person('manager').slackId;
    await local.simulator.sendSlashCommand(manager, SALES, '/contest', '');
    const modal = await waitFor(
      async () => local?.simulator.workspace.openModal(manager),
      'the contest modal',
    );
    const form = (metric: string): EnteredValues => ({
      [CONTEST_BLOCK_IDS.name]: { [actionIdFor('name')]: 'Goal form' },
      [CONTEST_BLOCK_IDS.metric]: { [actionIdFor('metric')]: metric },
      [CONTEST_BLOCK_IDS.duration]: { [actionIdFor('duration')]: '1d' },
      [CONTEST_BLOCK_IDS.channel]: { [actionIdFor('channel')]: SALES },
      [CONTEST_BLOCK_IDS.goal]: { [actionIdFor('goal')]: '15' },
    });

    const refused = await local.simulator.submitView(manager, modal.id, form('sla_hit_rate'));
    expect(refused.json?.['response_action']).toBe('errors');
    expect(JSON.stringify(refused.json?.['errors'])).toMatch(
      new RegExp(`"${CONTEST_BLOCK_IDS.goal}":"The SLA hit rate is a rate, not a count`),
    );

    const launched = await local.simulator.submitView(manager, modal.id, form('calls'));
    expect(launched.json?.['response_action']).toBeUndefined();
    const contest = await waitForContest(local, (c) => c.name === 'Goal form', 'the contest');
    expect(contest).toMatchObject({ metric: 'calls', goal: 15 });
  });
});
