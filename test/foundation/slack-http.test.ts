import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { startBullpen, type RunningBullpen } from '../../src/main.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { TEST_REDIS_URL, useRedis } from '../helpers/redis.ts';
import { slackSignatureHeaders, slashCommandBody } from '../helpers/slack-signing.ts';

const SECRET = 'test-signing-secret';

describe('Slack over HTTP', () => {
  // Its own key prefix: the default one may belong to another bullpen on this Redis.
  const fixture = useRedis();
  let running: RunningBullpen | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(): Promise<RunningBullpen> {
    nock('https://slack.test').persist().post('/api/auth.test').reply(200, {
      ok: true,
      user: 'bullpen',
      team: 'Demo',
      user_id: 'U0BOT',
      bot_id: 'B0BOT',
      team_id: 'T0DEMO',
    });
    const config = loadConfig({
      PORT: '0',
      ROLE: 'web',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'https://slack.test/api/',
      BULLPEN_LOCAL_SALESFORCE: '1',
    });
    config.env.PORT = 0;
    running = await startBullpen(config, createLogger({ level: 'silent' }));
    return running;
  }

  it('answers a signed /bullpen help with the ephemeral help text', async () => {
    const app = await start();
    const body = slashCommandBody({ command: '/bullpen', text: 'help', user_id: 'U0DEMOREP01' });
    const res = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders(SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_type: string; blocks: { type: string }[] };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.blocks[0]?.type).toBe('header');
    const ready = (await (await fetch(`${app.url}/readyz`)).json()) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(ready.checks).toContainEqual(expect.objectContaining({ name: 'slack', ok: true }));
  });

  it('rejects a request with a bad signature and runs nothing', async () => {
    const app = await start();
    const body = slashCommandBody({ command: '/bullpen', text: 'help', user_id: 'U0DEMOREP01' });
    const res = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders('wrong-secret', body),
      },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('rejects a replayed request older than five minutes', async () => {
    const app = await start();
    const body = slashCommandBody({ command: '/bullpen', text: 'help', user_id: 'U0DEMOREP01' });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders(SECRET, body, stale),
      },
      body,
    });
    expect(res.status).toBe(401);
  });
});
