import { afterEach, describe, expect, it } from 'vitest';
import { CONTEST_BLOCK_IDS, actionIdFor } from '../../../src/features/contests/slack/blocks.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, ephemeralText, person, startContestBullpen } from './local-helpers.ts';

const field = (key: Parameters<typeof actionIdFor>[0], value: string | string[]) => ({
  [CONTEST_BLOCK_IDS[key]]: { [actionIdFor(key)]: value },
});

/** bullpen after a sync that found `objects` unreadable by the integration user. */
async function startWithout(prefix: string, objects: string[]): Promise<LocalBullpen> {
  const local = await startContestBullpen(prefix, 0.001);
  for (const object of objects) local.emulator.controls.denyObject(object);
  await runSync(local.app.services, { force: true, matchPeople: false });
  return local;
}

describe('contests that need an object bullpen cannot read', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const answerTo = async (app: LocalBullpen, user: string, text: string, pattern: RegExp) => {
    const answer = await app.simulator.sendSlashCommand(user, SALES, '/contest', text);
    return waitFor(async () => {
      const all = `${JSON.stringify(answer.json ?? '')}\n${ephemeralText(app, user)}`;
      return pattern.test(all) ? all : undefined;
    }, `the answer to /contest ${text}`);
  };

  it('/contest start with opportunities won is refused, saying why and quoting the command', async () => {
    local = await startWithout(fixture.prefix, ['Opportunity']);
    const manager = person('manager').slackId;
    const typed = 'start "Deal race" metric:opportunities_won for:2d in:#sales';
    const reply = await answerTo(local, manager, typed, /can't read Opportunity/);
    expect(reply).toMatch(
      /bullpen can't read Opportunity in Salesforce \(no access\), so this contest would score nothing: ask your Salesforce admin to give the integration user read access to Opportunity/,
    );
    expect(reply).toContain('You sent:\\n> /contest start \\"Deal race\\" metric:opportunities_won');
    expect(reply).not.toMatch(/Launched/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);

    // Metrics that need only Lead and Task still launch.
    await answerTo(local, manager, 'start "Call sprint" metric:calls for:2d in:#sales', /Launched/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(1);
  });

  it('/contest preview of meetings says Event is unreadable instead of showing a board of zeros', async () => {
    local = await startWithout(fixture.prefix, ['Event']);
    const manager = person('manager').slackId;
    const reply = await answerTo(local, manager, 'preview metric:meetings over:7d', /can't read Event/);
    expect(reply).toMatch(/bullpen can't read Event in Salesforce \(no access\)/);
    expect(reply).toContain('You sent:\\n> /contest preview metric:meetings over:7d');
    expect(reply).not.toMatch(/\*Preview\*/);
  });

  it('the contest modal refuses a campaign scope while CampaignMember is unreadable', async () => {
    local = await startWithout(fixture.prefix, ['CampaignMember']);
    const manager = person('manager').slackId;
    await local.simulator.sendSlashCommand(manager, SALES, '/contest', '');
    const modal = await waitFor(async () => local?.simulator.workspace.openModal(manager), 'the modal');
    const submitted = await local.simulator.submitView(manager, modal.id, {
      ...field('name', 'Campaign push'),
      ...field('metric', 'followups'),
      ...field('duration', '1d'),
      ...field('channel', SALES),
      ...field('participantsKind', 'channel_members'),
      ...field('scopeKind', 'campaign'),
      ...field('scopeCampaign', '701000000000001'),
      ...field('cadence', 'both'),
      ...field('publicTopN', 'all'),
    });
    expect(submitted.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(submitted.json)).toMatch(/can't read CampaignMember in Salesforce \(no access\)/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);
  });

  it('a draft saved while Opportunity was readable is refused at launch once it is not', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    await answerTo(
      local,
      manager,
      'draft "Deal race" metric:opportunities_won for:2d in:#sales',
      /Draft saved/,
    );
    const draftMessage = local.simulator.workspace
      .ephemeralsFor(manager)
      .find((e) => e.text === 'Draft saved');
    const draftId = /"value":"(d[0-9a-f]{12})"/.exec(JSON.stringify(draftMessage?.blocks ?? []))?.[1];
    if (!draftMessage || !draftId) throw new Error('no draft message with a launch button');

    local.emulator.controls.denyObject('Opportunity');
    await runSync(local.app.services, { force: true, matchPeople: false });
    await local.simulator.clickButton(manager, draftMessage.ts, 'contest_launch_draft', draftId);
    const refusal = await waitFor(async () => {
      const text = ephemeralText(local!, manager);
      return /would score nothing/.test(text) ? text : undefined;
    }, 'the refusal');
    expect(refusal).toMatch(/bullpen can't read Opportunity in Salesforce \(no access\)/);
    expect(await createContestEngine(local.app.services).contests.list()).toHaveLength(0);
  });

  it.each([
    ['after a sync noticed', true],
    ['before any sync noticed', false],
  ])(
    'a meetings contest that loses Event mid-way (%s) still posts final results, saying they were not recounted',
    async (_when, syncFirst) => {
      local = await startContestBullpen(fixture.prefix, 0.001);
      const app = local;
      const manager = person('manager').slackId;
      await answerTo(app, manager, 'start "Meeting dash" metric:meetings for:2h in:#sales', /Launched/);
      const [contest] = await createContestEngine(app.app.services).contests.list();
      if (!contest) throw new Error('no contest');
      await waitFor(
        async () =>
          (await createContestEngine(app.app.services).contests.get(contest.id))?.status === 'running'
            ? true
            : undefined,
        'the contest to start',
      );

      app.emulator.controls.denyObject('Event');
      if (syncFirst) await runSync(app.app.services, { force: true, matchPeople: false });
      await answerTo(app, manager, `end ${contest.id}`, /Ended/);
      const final = await waitFor(async () => {
        const post = app.simulator.workspace
          .messagesIn(SALES)
          .find((m) => /^Final results for Meeting dash/.test(m.text));
        return post ? JSON.stringify(post.blocks ?? []) : undefined;
      }, 'the final results');
      expect(final).toMatch(
        /Not recounted from Salesforce: bullpen can't read Event in Salesforce \(no access\)/,
      );
    },
  );
});
