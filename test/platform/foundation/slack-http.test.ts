import { HTTP_SIGNING_SECRET, startHttpBullpen } from '../../helpers/app.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBullpen } from '../../../src/main.ts';
import { useRedis } from '../../helpers/redis.ts';
import { slackSignatureHeaders, slashCommandBody } from '../../helpers/slack-signing.ts';

const SECRET = HTTP_SIGNING_SECRET;

describe('Slack over HTTP', () => {
  // Its own key prefix: the default one may belong to another bullpen on this Redis.
  const fixture = useRedis();
  let running: RunningBullpen | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(): Promise<RunningBullpen> {
    running = await startHttpBullpen(fixture.prefix);
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
