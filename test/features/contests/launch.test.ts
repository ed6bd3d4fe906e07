import { afterEach, describe, expect, it } from 'vitest';
import { CONTEST_BLOCK_IDS, actionIdFor } from '../../../src/features/contests/slack/blocks.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, ephemeralText, person, startContestBullpen, waitForContest } from './local-helpers.ts';
import { commandAnswer } from '../../helpers/command-answer.ts';

const field = (key: Parameters<typeof actionIdFor>[0], value: string | string[]) => ({
  [CONTEST_BLOCK_IDS[key]]: { [actionIdFor(key)]: value },
});

describe('launching contests from Slack', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('a manager launches from the modal; invalid fields come back as field errors', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    const opened = await local.simulator.sendSlashCommand(manager, SALES, '/contest', '');
    expect(opened.status).toBe(200);
    const modal = await waitFor(
      async () => local?.simulator.workspace.openModal(manager),
      'the contest modal',
    );
    expect(local.simulator.callsTo('views.open')).toHaveLength(1);

    const values = {
      ...field('name', 'Modal blitz'),
      ...field('metric', 'followups'),
      ...field('duration', '10m'),
      ...field('channel', SALES),
      ...field('participantsKind', 'channel_members'),
      ...field('scopeKind', 'all'),
      ...field('cadence', 'both'),
      ...field('publicTopN', 'all'),
    };
    const invalid = await local.simulator.submitView(manager, modal.id, values);
    expect(invalid.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(invalid.json)).toMatch(/shorter than 1 hour/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);

    const valid = await local.simulator.submitView(manager, modal.id, {
      ...values,
      ...field('duration', '1h'),
    });
    expect(valid.status).toBe(200);
    const contest = await waitForContest(local, (c) => c.name === 'Modal blitz', 'the contest');
    expect(contest).toMatchObject({ metric: 'followups', channelId: SALES, createdBy: manager });
    // The start job runs at once: the roster is the channel's reps, not its managers or executives.
    const running = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    const reps = ['rep', 'rep', 'rep', 'rep', 'rep'].map((role, i) => person(role, i).slackId).sort();
    expect([...running.participants.userIds].sort()).toEqual(reps);
    await waitFor(
      async () =>
        local?.simulator.workspace.messagesIn(SALES).some((m) => /Modal blitz is on/.test(m.text)) ||
        undefined,
      'the kick-off post',
    );
    expect(ephemeralText(local, manager)).toMatch(/Launched/);
  });

  it('refuses a contest that names people Slack does not know, changing nothing', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    const rep = person('rep').slackId;
    const answer = await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      `start "Ghost cup" metric:calls for:2h with:<@${rep}>,<@U0NOBODY99>`,
    );
    const reply = await waitFor(async () => {
      const text = `${JSON.stringify(answer.json ?? '')}\n${ephemeralText(local!, manager)}`;
      return /U0NOBODY99/.test(text) ? text : undefined;
    }, 'the refusal');
    expect(reply).toMatch(/not in this workspace, or deactivated: U0NOBODY99/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);
  });

  it('a manager launches with the one-line syntax; parse errors name the problem with an example', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    const typo = await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      'start "Webinar blitz" metric:folowups for:3d',
    );
    expect(typo.json?.['text']).toMatch(/'folowups' is not a metric. Did you mean 'followups'\?/);
    expect(JSON.stringify(typo.json)).toMatch(/Try: `\/contest start/);
    // What the manager typed comes back with the error, so nothing they wrote is lost.
    expect(JSON.stringify(typo.json)).toContain(
      'You sent:\\n> /contest start \\"Webinar blitz\\" metric:folowups for:3d',
    );

    const ok = await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      'start "Webinar blitz" metric:followups for:3d in:#sales scope:source=Webinar prize:"Team lunch"',
    );
    expect(ok.status).toBe(200);
    const contest = await waitForContest(local, (c) => c.name === 'Webinar blitz', 'the contest');
    expect(contest).toMatchObject({
      metric: 'followups',
      channelId: SALES,
      scope: { kind: 'sources', sources: ['Webinar'] },
      prize: 'Team lunch',
      timeZone: person('manager').timeZone,
    });
    expect(contest.window.end.getTime() - contest.window.start.getTime()).toBe(3 * 86_400_000);
    await waitFor(
      async () => (/Launched/.test(ephemeralText(local!, manager)) ? true : undefined),
      'the confirmation',
    );

    // The same command again within the minute is a retry, not a second contest.
    await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      'start "Webinar blitz" metric:followups for:3d in:#sales scope:source=Webinar prize:"Team lunch"',
    );
    await waitFor(
      async () => (/just launched/.test(ephemeralText(local!, manager)) ? true : undefined),
      'the retry answer',
    );
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(1);
  });

  it('a one-line launch with several problems gets them all in one answer', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    const parse = await local.simulator.sendSlashCommand(manager, SALES, '/contest', 'start for:99d');
    const parseText = JSON.stringify(parse.json);
    expect(parseText).toMatch(/3 problems/);
    expect(parseText).toMatch(/give the contest a name/);
    expect(parseText).toMatch(/choose a metric/);
    expect(parseText).toMatch(/longer than 30 days/);

    // Problems found only when launching (a channel and a person Slack does not know) come together too.
    const earlier = local.simulator.workspace.ephemeralsFor(manager).length;
    await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      'start "Ghost cup" metric:calls for:2h in:#nowhere with:<@U0NOBODY99>',
    );
    const reply = await waitFor(
      async () =>
        local!.simulator.workspace
          .ephemeralsFor(manager)
          .slice(earlier)
          .map((e) => e.text)
          .find((text) => /didn't work/.test(text)),
      'the refusal',
    );
    expect(reply).toMatch(/^That didn't work: 2 problems/);
    expect(reply).toMatch(/there is no channel #nowhere I can see/);
    expect(reply).toMatch(/not in this workspace, or deactivated: U0NOBODY99/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);
  });

  it('refuses non-managers and changes nothing', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const rep = person('rep').slackId;
    const modal = await local.simulator.sendSlashCommand(rep, SALES, '/contest', '');
    expect(modal.json?.['text']).toMatch(/Only managers and admins can launch contests/);
    const oneLine = await commandAnswer(
      local.simulator,
      rep,
      SALES,
      '/contest',
      'start "Mine" metric:calls for:1h',
    );
    expect(oneLine.json?.['text']).toMatch(/Only managers and admins/);
    expect(local.simulator.callsTo('views.open')).toHaveLength(0);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);
    // Help and the (empty) leaderboard still answer everyone.
    const help = await local.simulator.sendSlashCommand(rep, SALES, '/contest', 'help');
    expect(JSON.stringify(help.json)).toMatch(/Follow-up contests/);
    const board = await commandAnswer(local.simulator, rep, SALES, '/leaderboard', '');
    expect(board.json?.['text']).toMatch(/No contest is running/);
  });
});
