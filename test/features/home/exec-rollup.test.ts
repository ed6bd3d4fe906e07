import YAML from 'yaml';
import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import { followUpAnswer } from '../../../src/features/nudges/app/reports.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from '../nudges/fixtures.ts';
import { MGR1, person, REP1, REP2, REP3, startWithLeads } from '../nudges/local-setup.ts';

/*
 * Hand-checked fixture, relative to now. The calendar is 24/7, so business hours are wall-clock
 * hours. SLAs: Web 4 h, Webinar 24 h; follow-up cadence 72 h. Teams: Priya (MGR1) has Sam (REP1)
 * and Jordan (REP2); Diego (MGR2) has Riley (REP3).
 *
 * Last 7 days (first-touch deadline in [now-7d, now)):
 *   A Sam    Web,     created -50h, call -49h (1h, within), open, next touch due +23h   → within
 *   B Sam    Web,     created -30h, never touched                                       → missed, overdue
 *   C Jordan Web,     created -100h, call -97h (3h, within), closed                     → within
 *   D Riley  Webinar, created -60h, email -40h (20h, within), closed                    → within
 *   E Riley  Web,     created -20h, call -9h (11h, late), open, next touch due +63h      → late
 *   ⇒ 3 of 5 = 60%; median first touch of 1, 3, 20, 11 h = 7h.
 *   Priya's team: A, B, C → 2 of 3 = 67%; Diego's: D, E → 1 of 2 = 50%.
 * The 7 days before:
 *   F Sam    Web, created -10d, call 2 h later (within), closed                          → within
 *   G Riley  Web, created -9d, never touched, open                                       → missed, overdue
 *   ⇒ 1 of 2 = 50%; median 2h.
 * Overdue now: B (Priya's team) and G (Diego's) = 2; a week ago: G = 1.
 */

const HOUR = 3_600_000;
const EXEC = person('U0DEMOEXEC1');
const ADMIN = person('U0DEMOADMIN');
const MGR2 = person('U0DEMOMGR02');

const POLICY = YAML.stringify({
  roles: { admins: [ADMIN.slackId], executives: [EXEC.slackId] },
  sla: roundTheClockSla,
});

describe("the executive's org-wide follow-up roll-up on App Home", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function loadFixture(): Promise<LocalBullpen> {
    const now = Date.now();
    const lead = (name: string, owner: string, source: string, createdHoursAgo: number, closed = false) => ({
      name,
      owner,
      source,
      createdHoursAgo,
      ...(closed ? { status: 'Closed - Not Converted' } : {}),
    });
    const started = await startWithLeads(
      fixture.prefix,
      [
        lead('A', REP1.salesforceId, 'Web', 50),
        lead('B', REP1.salesforceId, 'Web', 30),
        lead('C', REP2.salesforceId, 'Web', 100, true),
        lead('D', REP3.salesforceId, 'Webinar', 60, true),
        lead('E', REP3.salesforceId, 'Web', 20),
        lead('F', REP1.salesforceId, 'Web', 240, true),
        lead('G', REP3.salesforceId, 'Web', 216),
      ],
      now,
      POLICY,
    );
    const app = started.local;
    const task = (name: string, owner: string, hoursAgo: number, subtype: 'Call' | 'Email') =>
      app.emulator.store.insert('Task', {
        WhoId: started.ids[name],
        OwnerId: owner,
        Subject: subtype,
        TaskSubtype: subtype,
        Type: subtype,
        Status: 'Completed',
        CreatedDate: sfDateTime(new Date(now - hoursAgo * HOUR).toISOString()),
      });
    task('A', REP1.salesforceId, 49, 'Call');
    task('C', REP2.salesforceId, 97, 'Call');
    task('D', REP3.salesforceId, 40, 'Email');
    task('E', REP3.salesforceId, 9, 'Call');
    task('F', REP1.salesforceId, 238, 'Call');
    await runSync(app.app.services, { force: true });
    return app;
  }

  /** Opens Home and returns the first view published after it that `until` accepts. */
  async function homeOf(app: LocalBullpen, user: string, until: (text: string) => boolean = () => true) {
    const before = app.simulator.workspace.homeView(user)?.hash;
    await app.simulator.openHome(user);
    const view = await waitFor(async () => {
      const current = app.simulator.workspace.homeView(user);
      if (!current || current.hash === before) return undefined;
      return until(JSON.stringify(current.definition['blocks'])) ? current : undefined;
    }, `${user}'s Home`);
    const blocks = view.definition['blocks'];
    expect(Array.isArray(blocks) && blocks.length <= 100).toBe(true);
    return JSON.stringify(blocks);
  }

  const published = (app: LocalBullpen, user: string) =>
    app.simulator
      .callsTo('views.publish')
      .filter((c) => c.args['user_id'] === user)
      .map((c) => JSON.stringify(c.args['view']));

  const hasNumbers = (text: string) => text.includes('Follow-up rate within SLA');

  it('shows executives and admins the org rate, median, overdue and per-team rows; not reps or managers', async () => {
    local = await loadFixture();
    // Computing it reads every lead, so the first Home says it is on its way and is refreshed with
    // the numbers once the worker has them.
    const executive = await homeOf(local, EXEC.slackId, hasNumbers);
    expect(published(local, EXEC.slackId).some((v) => v.includes('Working out the org-wide numbers'))).toBe(
      true,
    );
    expect(executive).toContain('Org-wide follow-up');
    expect(executive).toContain('60% of 5 leads due (50% the 7 days before) ▲ 10 pts :large_green_circle:');
    expect(executive).toContain('7h (2h the 7 days before) ▲ 5h :red_circle:');
    expect(executive).toContain('*Leads overdue now*\\n2 (1 a week ago) ▲ 1 :red_circle:');
    expect(executive).toContain(`<@${MGR1.slackId}> — 67% of 3 · 1 overdue`);
    expect(executive).toContain(`<@${MGR2.slackId}> — 50% of 2 · 1 overdue`);
    // The same numbers as `/followup` for the same person.
    const report = JSON.stringify(await followUpAnswer(local.app.services, EXEC.slackId));
    expect(report).toContain('60% of 5 leads due');
    expect(report).toContain('*Median time to first touch*\\n7h');

    // Later opens show the stored roll-up at once.
    expect(await homeOf(local, ADMIN.slackId)).toContain('60% of 5 leads due');
    expect(await homeOf(local, REP1.slackId)).not.toContain('Org-wide follow-up');
    expect(await homeOf(local, MGR1.slackId)).not.toContain('Org-wide follow-up');
  });

  it("DMs the full /followup report from the roll-up's button", async () => {
    local = await loadFixture();
    await homeOf(local, EXEC.slackId, hasNumbers);
    const view = local.simulator.workspace.homeView(EXEC.slackId);
    await local.simulator.clickButton(EXEC.slackId, view?.id ?? '', 'nudge.followup_report');
    const dm = local.simulator.workspace.openDm(EXEC.slackId).id;
    const report = await waitFor(
      async () => local!.simulator.workspace.messagesIn(dm).find((m) => /all teams/.test(m.text)),
      'the full report by DM',
    );
    expect(JSON.stringify(report.blocks)).toContain('By team');
  });
});
