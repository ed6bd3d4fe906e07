import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { SLACK_AUTH_TEST_REPLY } from '../../helpers/app.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../../../src/config.ts';
import { startBullpen, type RunningBullpen } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { waitFor } from '../../helpers/process.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

/**
 * Socket Mode against a local stand-in for Slack's socket server: apps.connections.open (through
 * the configured SLACK_API_URL) hands out a ws:// URL, the server says hello and sends a slash
 * command envelope, and bullpen must answer on the socket with the envelope id and its reply.
 */
describe('Socket Mode', () => {
  // Its own key prefix: the default one may belong to another bullpen on this Redis.
  const fixture = useRedis();
  let running: RunningBullpen | undefined;
  let server: WebSocketServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('connects through SLACK_API_URL and acknowledges a slash command on the socket with its answer', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server = wss;
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const port = (wss.address() as AddressInfo).port;
    const received: unknown[] = [];
    let socket: WebSocket | undefined;
    server.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
      ws.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0BULLPEN' } }),
      );
    });
    const api = nock('https://slack.test')
      .persist()
      .post('/api/apps.connections.open')
      .reply(200, { ok: true, url: `ws://127.0.0.1:${port}/link` })
      .post('/api/auth.test')
      .reply(200, SLACK_AUTH_TEST_REPLY);

    const config = loadConfig({
      PORT: '0',
      ROLE: 'web',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      SLACK_BOT_TOKEN: 'xoxb-socket-test',
      SLACK_APP_TOKEN: 'xapp-1-A0BULLPEN-socket-test',
      SLACK_API_URL: 'https://slack.test/api/',
      BULLPEN_LOCAL_SALESFORCE: '1',
      LOG_LEVEL: 'silent',
    });
    running = await startBullpen(config, createLogger({ level: 'silent' }), { slackRetries: 1 });
    await waitFor(async () => socket, 'the socket connection');
    expect(api.pendingMocks()).toEqual([]);

    socket?.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'legacy',
          team_id: 'T0DEMO',
          team_domain: 'demo',
          channel_id: 'C0DEMOSALES',
          channel_name: 'sales',
          user_id: 'U0DEMOREP01',
          user_name: 'sam',
          command: '/bullpen',
          text: 'help',
          api_app_id: 'A0BULLPEN',
          response_url: 'https://hooks.slack.test/commands/1',
          trigger_id: '1.2.3',
        },
      }),
    );
    const ack = await waitFor(
      async () => received.find((m) => (m as { envelope_id?: string }).envelope_id === 'env-1'),
      'the envelope ack',
    );
    expect(ack).toMatchObject({
      envelope_id: 'env-1',
      payload: {
        response_type: 'ephemeral',
        blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]),
      },
    });
  });
});
