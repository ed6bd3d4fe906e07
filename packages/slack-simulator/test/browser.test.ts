import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoChannels, demoPeople } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '../src/index.ts';
import { hasChromium, launchBrowser, warnIfNoChromium } from '../../../test/helpers/browser.ts';
import { HANG_BOUND_MS } from '../../../test/helpers/process.ts';

const BOT_TOKEN = 'xoxb-simulated-test-token';
const SIGNING_SECRET = 'simulated-signing-secret';
const sales = demoChannels[0].id;
const manager = demoPeople.find((p) => p.role === 'manager');
if (!manager) throw new Error('demo manager missing');
const sam = demoPeople.find((p) => p.name === 'Sam Carter');
if (!sam) throw new Error('demo rep Sam Carter missing');

warnIfNoChromium('the Slack simulator browser test');

describe.skipIf(!hasChromium)('Slack simulator in a browser (needs chromium at /usr/bin/chromium)', () => {
  let sim: SlackSimulator;
  let app: App;
  const shoutoutTexts: string[] = [];

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
    app.command('/shoutout', async ({ ack, command }) => {
      shoutoutTexts.push(command.text);
      await ack({ text: `Shout-out for ${command.text}` });
    });
    app.action('contest_launch', async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: ':rocket: Launched!' });
    });
    const server = (await app.start(0)) as Server;
    sim.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('runs a slash command typed in the message box and renders the ephemeral answer', async () => {
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await page.goto(`${sim.url}/?channel=${sales}`);
      await page.selectOption('#user-picker', manager.slackId);
      await page.locator('.sidebar-item', { hasText: 'sales' }).click();
      await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('# sales');

      await page.fill('#composer-input', '/contest Q3 blitz');
      await page.press('#composer-input', 'Enter');
      const answer = page.locator('.message.ephemeral');
      await answer.waitFor({ timeout: HANG_BOUND_MS });
      await expect.poll(() => answer.textContent()).toContain('Contest Q3 blitz is ready');
      expect(await answer.textContent()).toContain('Only visible to you');
      expect(await answer.locator('.mention').textContent()).toBe(`@${manager.name}`);
      expect(sim.workspace.ephemeralsFor(manager.slackId, sales)).toHaveLength(1);

      const screenshot = process.env['SIM_SCREENSHOT'];
      if (screenshot) await page.screenshot({ path: screenshot });

      await answer.getByRole('button', { name: 'Launch' }).click();
      await expect.poll(() => page.locator('.message.ephemeral').textContent()).toContain('🚀 Launched!');
    } finally {
      await browser.close();
    }
  });

  it('offers @-autocomplete in the message box and sends the picked person as a mention, like Slack', async () => {
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await page.goto(`${sim.url}/?channel=${sales}`);
      await page.selectOption('#user-picker', manager.slackId);
      await page.locator('.sidebar-item', { hasText: 'sales' }).click();
      await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('# sales');

      await page.locator('#composer-input').pressSequentially('/shoutout @sa');
      const hints = page.locator('#mention-hints .mention-hint');
      await hints.first().waitFor({ timeout: HANG_BOUND_MS });
      expect(await hints.allTextContents()).toEqual([expect.stringContaining('Sam Carter')]);

      // Enter picks the highlighted person instead of sending.
      await page.press('#composer-input', 'Enter');
      expect(await page.inputValue('#composer-input')).toBe('/shoutout @Sam Carter ');
      expect(await page.locator('#mention-hints').isHidden()).toBe(true);

      await page.locator('#composer-input').pressSequentially('great work');
      await page.press('#composer-input', 'Enter');
      const answer = page.locator('.message.ephemeral', { hasText: 'Shout-out for' });
      await answer.waitFor({ timeout: HANG_BOUND_MS });
      expect(shoutoutTexts).toEqual([`<@${sam.slackId}|sam.carter> great work`]);
      // The app's answer echoes the mention, which renders as one person, not as text.
      expect(await answer.locator('.mention').count()).toBe(1);
    } finally {
      await browser.close();
    }
  });
});
