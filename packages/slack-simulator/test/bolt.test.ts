import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoChannels, demoPeople } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '../src/index.ts';
import { HANG_BOUND_MS } from '../../../test/helpers/process.ts';

// vi.waitFor gives up after 1 s by default: too little for a loaded machine. Wait until hung.
const UNTIL_HANG = { timeout: HANG_BOUND_MS, interval: 50 };

const BOT_TOKEN = 'xoxb-simulated-test-token';
const SIGNING_SECRET = 'simulated-signing-secret';
const sales = demoChannels[0].id;
const manager = demoPeople.find((p) => p.role === 'manager');
if (!manager) throw new Error('demo manager missing');

const contestModal = {
  type: 'modal' as const,
  callback_id: 'contest_create',
  title: { type: 'plain_text' as const, text: 'New contest' },
  submit: { type: 'plain_text' as const, text: 'Start' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'name',
      label: { type: 'plain_text' as const, text: 'Name' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
    {
      type: 'input' as const,
      block_id: 'metric',
      label: { type: 'plain_text' as const, text: 'Metric' },
      element: {
        type: 'static_select' as const,
        action_id: 'value',
        options: [
          { text: { type: 'plain_text' as const, text: 'Follow-ups' }, value: 'follow_ups' },
          { text: { type: 'plain_text' as const, text: 'Calls' }, value: 'calls' },
        ],
      },
    },
  ],
};

/** A tiny stand-in for bullpen: a real Bolt app on a real HTTPReceiver, talking to the simulator. */
async function startBoltApp(sim: SlackSimulator): Promise<{ app: App; url: string }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: BOT_TOKEN,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: `${sim.url}/api/` },
  });
  app.command('/contest', async ({ ack, command, respond, client }) => {
    await ack();
    if (command.text.trim() === '') {
      await client.views.open({ trigger_id: command.trigger_id, view: contestModal });
      return;
    }
    await respond({
      text: `Contest "${command.text}" is ready`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `Contest *${command.text}* is ready` } },
        {
          type: 'actions',
          block_id: 'contest_actions',
          elements: [
            {
              type: 'button',
              action_id: 'contest_launch',
              text: { type: 'plain_text', text: 'Launch' },
              value: command.text,
            },
          ],
        },
      ],
    });
  });
  app.action('contest_launch', async ({ ack, respond, body }) => {
    await ack();
    const value =
      body.type === 'block_actions' && body.actions[0]?.type === 'button' ? body.actions[0].value : '';
    await respond({ replace_original: true, text: `Launched ${value ?? ''}` });
  });
  app.view('contest_create', async ({ ack, view, client }) => {
    const name = view.state.values['name']?.['value']?.value ?? '';
    if (name.trim() === '') {
      await ack({ response_action: 'errors', errors: { name: 'Give the contest a name' } });
      return;
    }
    await ack();
    const metric = view.state.values['metric']?.['value']?.selected_option?.value;
    await client.chat.postMessage({ channel: sales, text: `Contest ${name} on ${metric ?? '?'} starts now` });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Your leads' } }] },
    });
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events` };
}

let sim: SlackSimulator;
let bolt: { app: App; url: string } | undefined;

beforeEach(async () => {
  sim = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
});

afterEach(async () => {
  await bolt?.app.stop();
  bolt = undefined;
  await sim.close();
});

describe('Slack simulator talking to a Bolt app', () => {
  it('signs slash commands so that Bolt’s verifySlackRequest accepts them', async () => {
    const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
    const plain = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.end();
      });
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      sim.setAppUrl(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/slack/events`);
      const response = await sim.sendSlashCommand(manager.slackId, sales, '/contest', 'Q3 blitz');
      expect(response.status).toBe(200);
      const [request] = received;
      if (!request) throw new Error('nothing received');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(() =>
        verifySlackRequest({
          signingSecret: SIGNING_SECRET,
          body: request.body,
          headers: {
            'x-slack-signature': String(request.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
          },
        }),
      ).not.toThrow();
      expect(() =>
        verifySlackRequest({
          signingSecret: 'another-secret',
          body: request.body,
          headers: {
            'x-slack-signature': String(request.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
          },
        }),
      ).toThrow();
      const form = new URLSearchParams(request.body);
      expect(Object.fromEntries(form)).toMatchObject({
        command: '/contest',
        text: 'Q3 blitz',
        user_id: manager.slackId,
        channel_id: sales,
        channel_name: 'sales',
      });
      expect(form.get('response_url')).toMatch(new RegExp(`^${sim.url}/response/`));
      expect(form.get('trigger_id')).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('delivers a slash command, shows the respond() answer, and replaces it when its button is clicked', async () => {
    bolt = await startBoltApp(sim);
    sim.setAppUrl(bolt.url);
    const ack = await sim.sendSlashCommand(manager.slackId, sales, '/contest', 'Q3 blitz');
    expect(ack.status).toBe(200);
    const ephemeral = await vi.waitFor(() => {
      const [first] = sim.workspace.ephemeralsFor(manager.slackId, sales);
      if (!first) throw new Error('no answer yet');
      return first;
    }, UNTIL_HANG);
    expect(ephemeral).toMatchObject({ text: 'Contest "Q3 blitz" is ready', source: 'response_url' });
    expect(sim.responseUrlPosts).toHaveLength(1);

    const click = await sim.clickButton(manager.slackId, ephemeral.ts, 'contest_launch');
    expect(click.status).toBe(200);
    await vi.waitFor(
      () => expect(sim.workspace.findEphemeral(ephemeral.ts)?.text).toBe('Launched Q3 blitz'),
      UNTIL_HANG,
    );
    expect(sim.workspace.ephemeralsFor(manager.slackId)).toHaveLength(1);
  });

  it('opens a modal from a slash command and shows field errors from response_action: errors', async () => {
    bolt = await startBoltApp(sim);
    sim.setAppUrl(bolt.url);
    await sim.sendSlashCommand(manager.slackId, sales, '/contest', '');
    const modal = await vi.waitFor(() => {
      const open = sim.workspace.openModal(manager.slackId);
      if (!open) throw new Error('no modal yet');
      return open;
    }, UNTIL_HANG);
    expect(sim.callsTo('views.open')).toHaveLength(1);

    const rejected = await sim.submitView(manager.slackId, modal.id, {
      name: { value: '  ' },
      metric: { value: 'calls' },
    });
    expect(rejected.json).toEqual({ response_action: 'errors', errors: { name: 'Give the contest a name' } });
    expect(sim.workspace.openModal(manager.slackId)?.errors).toEqual({ name: 'Give the contest a name' });

    const accepted = await sim.submitView(manager.slackId, modal.id, {
      name: { value: 'Q3 blitz' },
      metric: { value: 'calls' },
    });
    expect(accepted.status).toBe(200);
    expect(sim.workspace.openModal(manager.slackId)).toBeUndefined();
    await vi.waitFor(() =>
      expect(sim.workspace.messagesIn(sales).map((m) => m.text)).toEqual([
        'Contest Q3 blitz on calls starts now',
      ]),
    );
  });

  it('sends app_home_opened and stores the Home view the app publishes', async () => {
    bolt = await startBoltApp(sim);
    sim.setAppUrl(bolt.url);
    const response = await sim.openHome(manager.slackId);
    expect(response.status).toBe(200);
    await vi.waitFor(
      () => expect(sim.workspace.homeView(manager.slackId)?.definition['type']).toBe('home'),
      UNTIL_HANG,
    );
    expect(sim.callsTo('views.publish')[0]?.args).toMatchObject({ user_id: manager.slackId });
  });

  it('refuses a response_url after five uses', async () => {
    let responseUrl = '';
    const capture = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        responseUrl = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('response_url') ?? '';
        res.end();
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    try {
      sim.setAppUrl(`http://127.0.0.1:${(capture.address() as AddressInfo).port}/`);
      await sim.sendSlashCommand(manager.slackId, sales, '/contest', 'x');
    } finally {
      await new Promise((resolve) => capture.close(resolve));
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const r = await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: `answer ${i}` }) });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(sim.workspace.ephemeralsFor(manager.slackId)).toHaveLength(5);
    expect(sim.responseUrlPosts.at(-1)).toMatchObject({ httpStatus: 404 });
  });
});
