import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CONTEST_BLOCK_IDS,
  CONTEST_TEMPLATE_ACTION_ID,
  actionIdFor,
} from '../../src/features/contests/slack/blocks.ts';
import { createContestEngine } from '../../src/features/contests/index.ts';
import { demoPeople } from '@bullpen/demo-company';
import { roundTheClockSla } from '@bullpen/demo-company';
import { runNudgeScan } from '../../src/features/nudges/app/scan.ts';
import { NUDGE_ACTIONS } from '../../src/features/nudges/slack/blocks.ts';
import { LOG_CALL_INPUTS } from '../../src/features/nudges/slack/log-call-modal.ts';
import { SHOUTOUT_INPUTS } from '../../src/features/recognition/slack/modal.ts';
import { runSync } from '../../src/shared/sync/sync-jobs.ts';
import { hasChromium, warnIfNoChromium } from '../helpers/browser.ts';
import { actAs, command, modal, useBrowserWorkspace } from '../helpers/browser-workspace.ts';
import { HANG_BOUND_MS, waitFor } from '../helpers/process.ts';
import { useRedis } from '../helpers/redis.ts';

/**
 * The main journeys, as a person walks them in the local Slack workspace in a real browser:
 * bullpen in local mode (emulator + simulator), chromium driving the simulator's page.
 */

const SALES = 'C0DEMOSALES';
const WINS = 'C0DEMOWINS1';
const who = (slackId: string) => {
  const found = demoPeople.find((p) => p.slackId === slackId);
  if (!found) throw new Error(`no demo person ${slackId}`);
  return found;
};
const MANAGER = who('U0DEMOMGR01'); // Priya Shah
const REP = who('U0DEMOREP01'); // Sam Carter, reports to Priya
const EXEC = who('U0DEMOEXEC1'); // Morgan Blake

// A 24/7 calendar makes the journeys independent of the hour the tests run at; contest clocks run
// twenty times faster (CONTEST_CLOCK) so the live leaderboard may be edited every few seconds.
const POLICY = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'], executives: ['U0DEMOEXEC1'] },
  sla: roundTheClockSla,
  recognition: { channel: WINS },
  contests: { defaultTimeZone: 'America/New_York' },
});
const CONTEST_CLOCK = { now: () => new Date(), timeScale: 0.05 };

warnIfNoChromium('the browser end-to-end journeys');

const field = (page: Page, actionId: string) => modal(page).locator(`[data-action-id="${actionId}"]`);

describe.skipIf(!hasChromium)('journeys in the browser (needs chromium at /usr/bin/chromium)', () => {
  const fixture = useRedis();
  const workspace = useBrowserWorkspace(fixture, POLICY, { clock: CONTEST_CLOCK });

  it('a manager starts the contest modal from a template, and its fields show the template', async () => {
    const { page } = workspace;
    await actAs(page, MANAGER.slackId, 'sales');
    await command(page, '/contest');
    await modal(page).waitFor({ timeout: HANG_BOUND_MS });
    await field(page, actionIdFor('name')).fill('Scratch name');
    await field(page, actionIdFor('prize')).fill('Pizza');
    const updates = workspace.local.simulator.callsTo('views.update').length;
    await field(page, CONTEST_TEMPLATE_ACTION_ID).selectOption('power-hour');
    await waitFor(
      async () => (workspace.local.simulator.callsTo('views.update').length > updates ? true : undefined),
      'the modal refilled',
    );
    // The page re-renders on its next refresh: the template's name replaces what was typed.
    await waitFor(
      async () => ((await field(page, actionIdFor('name')).inputValue()) === 'Power hour' ? true : undefined),
      'the template name in the Name field',
    );
    expect(await field(page, actionIdFor('duration')).inputValue()).toBe('1h');
    expect(await field(page, actionIdFor('metric')).inputValue()).toBe('calls');
    // What the template does not set keeps what the manager typed.
    expect(await field(page, actionIdFor('prize')).inputValue()).toBe('Pizza');
    await modal(page)
      .getByRole('button', { name: /cancel/i })
      .click();
    await modal(page).waitFor({ state: 'detached', timeout: HANG_BOUND_MS });
  });

  it('a manager launches a contest from the modal', async () => {
    const { page } = workspace;
    await actAs(page, MANAGER.slackId, 'sales');
    await command(page, '/contest');
    await modal(page).waitFor({ timeout: HANG_BOUND_MS });
    await field(page, actionIdFor('name')).fill('Browser blitz');
    await field(page, actionIdFor('metric')).selectOption('followups');
    await field(page, actionIdFor('duration')).fill('1h');
    await field(page, actionIdFor('prize')).fill('Team lunch');
    await modal(page)
      .getByRole('button', { name: /launch|start|submit/i })
      .click();
    await modal(page).waitFor({ state: 'detached', timeout: HANG_BOUND_MS });

    await page.locator('.message', { hasText: 'Browser blitz' }).first().waitFor({ timeout: HANG_BOUND_MS });
    const contests = await createContestEngine(workspace.local.app.services).contests.list();
    expect(contests.find((c) => c.name === 'Browser blitz')).toMatchObject({
      createdBy: MANAGER.slackId,
      metric: 'followups',
    });
    expect(CONTEST_BLOCK_IDS.name).toBe('contest_name');
  });

  it('a rep logs a call from a nudge, and the contest leaderboard updates', async () => {
    const { page } = workspace;
    const contest = await waitFor(
      async () =>
        (await createContestEngine(workspace.local.app.services).contests.list()).find(
          (c) => c.status === 'running',
        ),
      'the contest to run',
    );
    const scan = await runNudgeScan(workspace.local.app.services, { now: new Date() });
    expect(scan.repDigests.length).toBeGreaterThan(0);
    await actAs(page, REP.slackId, 'bullpen');
    await page.locator('#app-tabs .tab', { hasText: 'Messages' }).click();
    const logCall = page.locator('.message').getByRole('button', { name: 'Log call' }).first();
    await logCall.waitFor({ timeout: HANG_BOUND_MS });
    const tasksBefore = [...workspace.local.emulator.store.records('Task')].length;
    await logCall.click();
    // Log call asks how the call went (and an optional note) in a small modal.
    await modal(page).waitFor({ timeout: HANG_BOUND_MS });
    await field(page, LOG_CALL_INPUTS.outcome.actionId).selectOption('Connected');
    await field(page, LOG_CALL_INPUTS.note.actionId).fill('Booked a demo for Tuesday');
    await modal(page)
      .getByRole('button', { name: /log call/i })
      .click();
    await modal(page).waitFor({ state: 'detached', timeout: HANG_BOUND_MS });

    // The write goes through the queue to Salesforce; the digest is edited in place.
    const task = await waitFor(async () => {
      const tasks = [...workspace.local.emulator.store.records('Task')];
      return tasks.length === tasksBefore + 1 ? tasks.at(-1) : undefined;
    }, 'the Task in Salesforce');
    expect(task?.['CallDisposition']).toBe('Connected');
    expect(String(task?.['Description'])).toContain('Booked a demo for Tuesday');
    await page
      .locator('.message', { hasText: /call logged|Call logged|Done/ })
      .first()
      .waitFor({ timeout: HANG_BOUND_MS });
    expect(workspace.local.simulator.callsTo('chat.update').length).toBeGreaterThan(0);

    // The next sync brings the call back as activity; the contest scores it and edits its board.
    await runSync(workspace.local.app.services, { force: true });
    await waitFor(async () => {
      const board = await createContestEngine(workspace.local.app.services).ledger.standings(contest);
      return board.some((row) => row.repId === REP.slackId && row.points > 0) ? true : undefined;
    }, 'the point on the leaderboard');
    // The live board is edited in place (chat.update), never re-posted.
    await actAs(page, REP.slackId, 'sales');
    const board = page.locator('.message', { hasText: `${REP.name} · 1 follow-up` });
    await board.first().waitFor({ timeout: HANG_BOUND_MS });
    const boardPosts = workspace.local.simulator.workspace
      .messagesIn(SALES)
      .filter((m) => /Browser blitz/.test(m.text));
    expect(boardPosts.length).toBeLessThanOrEqual(2); // the kick-off and the one live board
    expect(NUDGE_ACTIONS.logCall).toBe('nudge.log_call');
  });

  it('an executive posts a shout-out', async () => {
    const { page } = workspace;
    await actAs(page, EXEC.slackId, 'sales');
    await command(page, '/shoutout');
    await modal(page).waitFor({ timeout: HANG_BOUND_MS });
    await field(page, SHOUTOUT_INPUTS.recipients).selectOption(REP.slackId);
    await field(page, SHOUTOUT_INPUTS.message).fill(
      'Called every webinar lead within the hour. <Legendary> & fast!',
    );
    await modal(page)
      .getByRole('button', { name: /post|send|submit/i })
      .click();
    await modal(page).waitFor({ state: 'detached', timeout: HANG_BOUND_MS });
    await page.locator('.sidebar-item', { hasText: 'wins' }).first().click();
    const post = page.locator('.message', { hasText: 'Called every webinar lead' });
    await post.first().waitFor({ timeout: HANG_BOUND_MS });
    expect(await post.first().textContent()).toContain('<Legendary> & fast!');
    expect(await post.first().textContent()).toContain(EXEC.name);
  });

  it('a rep opens Home and sees leads, contests and shout-outs', async () => {
    const { page } = workspace;
    await actAs(page, REP.slackId, 'bullpen');
    await page.locator('#app-tabs .tab', { hasText: 'Home' }).click();
    const home = page.locator('#home');
    // Opening the tab shows the Home last published until the fresh one arrives: wait for the
    // fresh one (it has the shout-out posted in the previous journey), then check all of it.
    await home.getByText('Called every webinar lead').first().waitFor({ timeout: HANG_BOUND_MS });
    const text = (await home.textContent()) ?? '';
    expect(text).toContain('Browser blitz');
    expect(text).toMatch(/lead/i);
    expect(text).toContain('Called every webinar lead');
    const screenshot = process.env['E2E_SCREENSHOT_DIR'];
    if (screenshot) {
      mkdirSync(screenshot, { recursive: true });
      await page.screenshot({ path: join(screenshot, 'home.png') });
      await actAs(page, REP.slackId, 'sales');
      await page.screenshot({ path: join(screenshot, 'sales.png') });
    }
  });
});
