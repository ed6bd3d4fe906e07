import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { makeContest } from '../contests/fixtures.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { HomeSection } from '../../../src/shared/home/section.ts';
import { allocateBlocks, homeViewerFor, renderHome } from '../../../src/features/home/app/render.ts';
import { publishHome } from '../../../src/features/home/app/publish-home.ts';
import { validateView } from '@bullpen/slack-simulator';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  ADMIN,
  blocksText,
  EXEC,
  MANAGER,
  OTHER_TEAM_REP,
  policyFile,
  REP,
  SALES,
  TEAMMATE,
  waitForPost,
  WINS,
} from '../recognition/fixtures.ts';

const OTHER_MANAGER = 'U0DEMOMGR02';

/** Stands in for a feature's section with far more rows than Home can hold (e.g. 500 overdue leads). */
const bigSection = (rows: number): HomeSection => ({
  order: 10,
  name: 'overdue leads (synthetic)',
  appliesTo: (viewer) => viewer.roles.has('rep'),
  render: async () =>
    Array.from({ length: rows }, (_, i): KnownBlock => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `Overdue lead #${i + 1}` },
    })),
});

describe('App Home', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function startWithShoutout() {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    await runSync(local.app.services, { force: true });
    await local.simulator.sendSlashCommand(
      EXEC,
      SALES,
      '/shoutout',
      `<@${REP}|sam> best speed-to-lead this month`,
    );
    await waitForPost(local.simulator, WINS, 'best speed-to-lead');
    return local;
  }

  async function homeOf(user: string): Promise<string> {
    if (!local) throw new Error('not started');
    const { simulator } = local;
    const before = simulator.workspace.homeView(user)?.hash;
    await simulator.openHome(user);
    const view = await waitFor(async () => {
      const current = simulator.workspace.homeView(user);
      return current && current.hash !== before ? current : undefined;
    }, `${user}'s Home`);
    const blocks = view.definition['blocks'];
    expect(Array.isArray(blocks) && blocks.length <= 100).toBe(true);
    return blocksText(blocks);
  }

  it("shows a rep their kudos and shout-outs, and their team's to teammates and the manager", async () => {
    await startWithShoutout();
    const rep = await homeOf(REP);
    expect(rep).toContain('Shout-outs');
    expect(rep).toContain('You have received *1* kudos');
    expect(rep).toContain('best speed-to-lead this month');
    expect(rep).toMatch(/Your bullpen\* · rep/);
    expect(rep).not.toContain('Sync health');
    expect(rep).not.toContain('Give a shout-out');

    const teammate = await homeOf(TEAMMATE);
    expect(teammate).toContain('No kudos yet');
    expect(teammate).toMatch(/\*Your team\*.*best speed-to-lead/);

    const otherTeam = await homeOf(OTHER_TEAM_REP);
    expect(otherTeam).not.toContain('best speed-to-lead');

    const manager = await homeOf(MANAGER);
    expect(manager).toMatch(/Your bullpen\* · [a-z, ]*manager/);
    expect(manager).toMatch(/\*Your team\*.*best speed-to-lead/);
    expect(manager).not.toContain('Sync health');

    const executive = await homeOf(EXEC);
    expect(executive).toContain('Give a shout-out');
    expect(executive).toMatch(/\*Given by you\*.*best speed-to-lead/);
  });

  it("shows an executive the org's live contests and whose they are, and each viewer their real roles", async () => {
    const { app } = await startWithShoutout();
    const engine = createContestEngine(app.services);
    const now = Date.now();
    const running = (id: string, name: string, createdBy: string) =>
      makeContest({
        id,
        name,
        createdBy,
        channelId: SALES,
        participants: { kind: 'users', userIds: [REP, TEAMMATE] },
        window: { start: new Date(now - 3_600_000), end: new Date(now + 2 * 86_400_000) },
        startedAt: new Date(now - 3_600_000),
        status: 'running',
      });
    await engine.contests.create(running('east-blitz', 'East blitz', MANAGER));
    await engine.contests.create(running('west-blitz', 'West blitz', OTHER_MANAGER));

    const executive = await homeOf(EXEC);
    expect(executive).not.toContain('None running');
    expect(executive).toMatch(/East blitz\*[^"]*<@U0DEMOMGR01>/);
    expect(executive).toMatch(/West blitz\*[^"]*<@U0DEMOMGR02>/);
    expect(executive).toMatch(/Your bullpen\* · executive, manager\\n/);
    const admin = await homeOf(ADMIN);
    expect(admin).toContain('West blitz');
    expect(admin).toMatch(/Your bullpen\* · admin\\n/);
    expect(await homeOf(MANAGER)).toMatch(/Your bullpen\* · manager\\n/);
    expect(await homeOf(REP)).toMatch(/Your bullpen\* · rep\\n/);
  });

  it("assembles each role's sections from nudges, contests and recognition", async () => {
    const { app } = await startWithShoutout();
    const sectionsOf = async (user: string) => {
      const viewer = await homeViewerFor(app.services, user);
      return (await renderHome(app.services, viewer, app.features.homeSections)).sections.map((s) => s.name);
    };
    const rep = await sectionsOf(REP);
    expect(rep).toEqual(expect.arrayContaining(['nudges.rep-leads', 'recent shout-outs']));
    expect(rep).not.toContain('sync health');
    expect(rep).not.toContain('nudges.team-follow-up');
    const manager = await sectionsOf(MANAGER);
    expect(manager).toEqual(
      expect.arrayContaining(['nudges.team-follow-up', 'contests-managed', 'recent shout-outs']),
    );
    expect(manager).not.toContain('sync health');
    const admin = await sectionsOf(ADMIN);
    expect(admin).toContain('sync health');
  });

  it('shows admins sync health from Redis: last sync, API budget, freshness, unmatched people and queues', async () => {
    const { app } = await startWithShoutout();
    await app.services.redis.hset(
      app.services.keys('people', 'unmatched'),
      '005000000000042AAA',
      JSON.stringify({
        salesforceId: '005000000000042AAA',
        name: 'Pat <Ghost>',
        email: 'pat@corp.example',
        reason: 'not-in-slack',
      }),
    );
    const admin = await homeOf(ADMIN);
    expect(admin).toContain('Sync health');
    expect(admin).toMatch(/Last sync:\* <!date\^\d+/);
    expect(admin).toMatch(/Salesforce API budget:\* [\d,]+ of [\d,]+ calls today/);
    expect(admin).toMatch(/Lead: changes up to <!date/);
    expect(admin).toContain('1 owner without a Slack match');
    expect(admin).toContain('Pat &lt;Ghost&gt;');
    expect(admin).toMatch(/• recognition: \d+ waiting/);
    expect(admin).toMatch(/• slack-delivery: \d+ waiting/);
  });

  it('refreshes Home from its button', async () => {
    const { simulator } = await startWithShoutout();
    await homeOf(REP);
    const view = simulator.workspace.homeView(REP);
    const publishes = simulator.callsTo('views.publish').length;
    await simulator.clickButton(REP, view?.id ?? '', 'home_refresh');
    await waitFor(
      async () => (simulator.callsTo('views.publish').length > publishes ? true : undefined),
      'a second publish',
    );
  });

  async function seedShoutouts(count: number) {
    if (!local) throw new Error('not started');
    const recognition = new Recognition(local.app.services);
    const now = Date.now();
    for (let i = 0; i < count; i += 1) {
      await recognition.store.create({
        id: `so-bulk${String(i).padStart(6, '0')}`,
        authorId: EXEC,
        recipients: [i % 2 === 0 ? REP : TEAMMATE],
        text: `Bulk shout-out ${i} ${'&amp; '.repeat(60)}`,
        plain: `Bulk shout-out ${i}`,
        style: 'executive',
        opportunityId: null,
        channel: WINS,
        deliveryKey: `shoutout-so-bulk${i}`,
        source: 'command',
        createdAt: new Date(now - i * 1000).toISOString(),
      });
    }
  }

  it('stays within 100 blocks with 500 overdue leads and thousands of shout-outs', async () => {
    const { app, simulator, emulator } = await startWithShoutout();
    // 500 more untouched leads for the rep, created ten days ago: all overdue.
    const repSalesforceId = await app.services.people.salesforceIdFor(REP);
    const template = [...emulator.store.records('Lead')].find((l) => l['OwnerId'] === repSalesforceId);
    if (!template) throw new Error('the rep has no lead to copy');
    const created = new Date(Date.now() - 10 * 86_400_000).toISOString().replace('Z', '+0000');
    const stamp = new Date().toISOString().replace('Z', '+0000');
    emulator.store.load(
      'Lead',
      Array.from({ length: 500 }, (_, i) => ({
        ...template,
        Id: `00Q9${String(i).padStart(11, '0')}AAA`,
        LastName: `Overdue${i}`,
        Status: 'Open - Not Contacted',
        IsConverted: false,
        IsDeleted: false,
        LastActivityDate: null,
        CreatedDate: created,
        SystemModstamp: stamp,
      })),
    );
    await runSync(app.services, { force: true });
    expect((await app.services.store.leadIdsOwnedBy(repSalesforceId ?? '')).length).toBeGreaterThanOrEqual(
      500,
    );
    await seedShoutouts(2_000);

    const viewer = await homeViewerFor(app.services, REP);
    // How long this takes is measured by `npm run bench -- home-render`, not asserted here.
    const rendered = await renderHome(app.services, viewer, app.features.homeSections);
    const blocks = rendered.view.blocks;
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(validateView(rendered.view, 'home')).toEqual([]);
    const text = blocksText(blocks);
    expect(text).toContain('Overdue');
    expect(text).toContain('Shout-outs');
    expect(text).toContain('You have received *1001* kudos');
    // Slack (the simulator validates like Slack) accepts it, and shows the view as rendered.
    const published = await publishHome({ ...app.services, sections: app.features.homeSections }, REP);
    const call = simulator.callsTo('views.publish').at(-1);
    expect(call?.response['ok']).toBe(true);
    expect(call?.args['view']).toEqual(JSON.parse(JSON.stringify(published.view)));
  });

  it('cuts a section that ignores its block budget, with a visible count', async () => {
    const { app, simulator } = await startWithShoutout();
    await seedShoutouts(300);
    const sections = [...app.features.homeSections, bigSection(500)];
    const viewer = await homeViewerFor(app.services, REP);
    const rendered = await renderHome(app.services, viewer, sections);
    expect(rendered.view.blocks.length).toBeLessThanOrEqual(100);
    expect(blocksText(rendered.view.blocks)).toMatch(/…and \d+ more not shown here/);
    expect(blocksText(rendered.view.blocks)).toContain('Shout-outs');
    await publishHome({ ...app.services, sections }, REP);
    expect(simulator.callsTo('views.publish').at(-1)?.response['ok']).toBe(true);
  });

  it('shares blocks fairly between sections', () => {
    expect(allocateBlocks([500, 4, 6], 97)).toEqual([87, 4, 6]);
    expect(allocateBlocks([500, 500], 98)).toEqual([49, 49]);
    expect(allocateBlocks([], 98)).toEqual([]);
  });

  it('shows a failing section as a notice instead of failing Home', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    await runSync(local.app.services, { force: true });
    const broken: HomeSection = {
      order: 1,
      name: 'broken section',
      appliesTo: () => true,
      render: () => Promise.reject(new Error('boom')),
    };
    const viewer = await homeViewerFor(local.app.services, REP);
    const rendered = await renderHome(local.app.services, viewer, [
      broken,
      ...local.app.features.homeSections,
    ]);
    const text = blocksText(rendered.view.blocks);
    expect(text).toContain('(broken section) could not be loaded');
    expect(text).toContain('Shout-outs');
  });
});
