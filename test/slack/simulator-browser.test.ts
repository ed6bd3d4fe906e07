import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoChannels, demoPeople } from '../../src/demo/people.ts';
import { startSlackSimulator, type SlackSimulator } from '../../src/slack/simulator/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const BOT_TOKEN = 'xoxb-simulated-test-token';
const SIGNING_SECRET = 'simulated-signing-secret';
const sales = demoChannels[0].id;
const manager = demoPeople.find((p) => p.role === 'manager');
if (!manager) throw new Error('demo manager missing');

if (!hasChromium) {
  console.warn(
    `Skipping the Slack simulator browser test: ${CHROMIUM} is not installed (apt-get install chromium).`,
  );
}

describe.skipIf(!hasChromium)('Slack simulator in a browser', () => {
  let sim: SlackSimulator;
  let app: App;
  let profileDir: string;

  beforeAll(async () => {
    sim = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
    app = new App({
      receiver,
      token: BOT_TOKEN,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: `${sim.url}/api/` },
    });
    app.command('/contest', async ({ ack, command, respond }) => {
      await ack();
      await respond({
        text: `Contest ${command.text} is ready`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: ':trophy: Follow-up contest' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `Contest *${command.text}* is ready, <@${command.user_id}>` },
            fields: [
              { type: 'mrkdwn', text: '*Metric*\nFollow-ups within SLA' },
              { type: 'mrkdwn', text: '*Window*\n2 hours' },
            ],
          },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'contest_launch',
                style: 'primary',
                text: { type: 'plain_text', text: 'Launch' },
                value: 'go',
              },
              { type: 'button', action_id: 'contest_cancel', text: { type: 'plain_text', text: 'Cancel' } },
            ],
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only managers can launch contests' }] },
        ],
      });
    });
    app.action('contest_launch', async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: ':rocket: Launched!' });
    });
    const server = (await app.start(0)) as Server;
    sim.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    profileDir = await mkdtemp(join(tmpdir(), 'bullpen-sim-chromium-'));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('runs a slash command typed in the message box and renders the ephemeral answer', async () => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${sim.url}/?channel=${sales}`);
      await page.selectOption('#user-picker', manager.slackId);
      await page.locator('.sidebar-item', { hasText: 'sales' }).click();
      await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('# sales');

      await page.fill('#composer-input', '/contest Q3 blitz');
      await page.press('#composer-input', 'Enter');
      const answer = page.locator('.message.ephemeral');
      await answer.waitFor({ timeout: 10_000 });
      await expect.poll(() => answer.textContent()).toContain('Contest Q3 blitz is ready');
      expect(await answer.textContent()).toContain('Only visible to you');
      expect(await answer.locator('.mention').textContent()).toBe(`@${manager.name}`);
      expect(sim.workspace.ephemeralsFor(manager.slackId, sales)).toHaveLength(1);

      const screenshot = process.env['SIM_SCREENSHOT'];
      if (screenshot) await page.screenshot({ path: screenshot });

      await answer.getByRole('button', { name: 'Launch' }).click();
      await expect.poll(() => page.locator('.message.ephemeral').textContent()).toContain('🚀 Launched!');
    } finally {
      await context.close();
    }
  });
});
