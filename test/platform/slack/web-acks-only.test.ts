import { Redis } from 'ioredis';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { WHY_ACTION_ID } from '../../../src/features/contests/app/leaderboard.ts';
import { HOME_REFRESH_ACTION } from '../../../src/features/home/app/render.ts';
import { drillBlockId, FUNNEL_DRILL_ACTION } from '../../../src/features/relay/slack/funnel-blocks.ts';
import type { RunningBullpen } from '../../../src/main.ts';
import { HTTP_SIGNING_SECRET, startHttpBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { slackSignatureHeaders, slashCommandBody } from '../../helpers/slack-signing.ts';

/**
 * The finding behind issue 15 item 4: `/leads` acked and then read the owner's whole queue in the
 * web process, so under load acks queued behind store reads (bench acks: most never acked at 50
 * req/s). Now the web role (no workers) acks every command, click and Home open that needs the store
 * without a single read from it, and leaves one job per request for a worker.
 */

const REP = 'U0DEMOREP01';
const MANAGER = 'U0DEMOMGR01';
const RESPONSE_URL = 'https://hooks.slack.test/commands/T0DEMO/1/abc';

describe('the web process acks and enqueues', () => {
  const fixture = useRedis();
  let running: RunningBullpen | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    nock.cleanAll();
  });

  async function post(app: RunningBullpen, body: string, type = 'application/x-www-form-urlencoded') {
    return fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': type, ...slackSignatureHeaders(HTTP_SIGNING_SECRET, body) },
      body,
    });
  }

  const command = (name: string, text: string, userId: string) =>
    slashCommandBody({ command: name, text, user_id: userId });

  /** A signed-request body for a block_actions click by `userId` with these extra payload fields. */
  const blockActions = (userId: string, fields: Record<string, unknown>) =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0DEMO', domain: 'demo' },
        user: { id: userId, team_id: 'T0DEMO' },
        api_app_id: 'A0BULLPEN',
        token: 'legacy-verification-token',
        trigger_id: '1.2.abc',
        ...fields,
      }),
    }).toString();

  /** Where a click on a bullpen message comes from: its channel, message and response_url. */
  const onMessage = {
    response_url: RESPONSE_URL,
    container: { type: 'message', message_ts: '1.2', channel_id: 'C0DEMOSALES' },
    channel: { id: 'C0DEMOSALES' },
  };

  const refreshClick = () =>
    blockActions(REP, {
      container: { type: 'view', view_id: 'V0HOME' },
      actions: [{ action_id: HOME_REFRESH_ACTION, block_id: 'top', type: 'button', action_ts: '1' }],
    });

  const whyClick = () =>
    blockActions(REP, {
      ...onMessage,
      actions: [
        { action_id: WHY_ACTION_ID, block_id: 'why', type: 'button', value: 'cwhy0001', action_ts: '1' },
      ],
    });

  const drillBlock = drillBlockId({ period: 'last week', group: { kind: 'source', key: 'Web' } }) ?? '';
  const drillClick = () =>
    blockActions(MANAGER, {
      ...onMessage,
      trigger_id: '1.2.drill',
      actions: [
        {
          action_id: FUNNEL_DRILL_ACTION,
          block_id: drillBlock,
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Qualified' }, value: 'qualified' },
          action_ts: '1',
        },
      ],
    });

  const homeOpened = () =>
    JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0DEMO',
      api_app_id: 'A0BULLPEN',
      type: 'event_callback',
      event_id: 'Ev0HOME1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: MANAGER, channel: 'D0HOME', tab: 'home', event_ts: '1.2' },
    });

  async function waitingJobs(app: RunningBullpen, queue: string) {
    const jobs = await app.services.jobs.queueNamed(queue).getJobs(['waiting']);
    return jobs.map((job) => ({ name: job.name, data: job.data as Record<string, unknown> }));
  }

  it('reads nothing from the store for /leads, /followup, /contest list, /leaderboard, Refresh, Why and a Home open', async () => {
    // Nothing may answer the response_url from this process: a POST there would fail the test.
    const app = (running = await startHttpBullpen(fixture.prefix, { slackRetries: 0 }));
    await app.services.redis.ping(); // the connection's own handshake is not a read
    if (!(app.services.redis instanceof Redis)) throw new Error('this test runs on a single Redis node');
    const reads = countRoundTrips(app.services.redis);
    const responses = [
      await post(app, command('/leads', '', REP)),
      await post(app, command('/followup', '', MANAGER)),
      await post(app, command('/contest', 'list', MANAGER)),
      await post(app, command('/leaderboard', 'why', REP)),
      await post(app, refreshClick()),
      await post(app, whyClick()),
      await post(app, homeOpened(), 'application/json'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(reads.count).toBe(0);

    const asked = (userId: string, text: string) =>
      expect.objectContaining({ userId, text, channelId: 'C0DEMOSALES', responseUrl: RESPONSE_URL });
    expect(await waitingJobs(app, 'nudge-replies')).toEqual(
      expect.arrayContaining([
        { name: 'leads-reply', data: asked(REP, '') },
        { name: 'followup-reply', data: asked(MANAGER, '') },
      ]),
    );
    expect(await waitingJobs(app, 'contest-replies')).toEqual(
      expect.arrayContaining([
        { name: 'contest-reply', data: asked(MANAGER, 'list') },
        { name: 'leaderboard-reply', data: asked(REP, 'why') },
        { name: 'why-reply', data: { userId: REP, contestId: 'cwhy0001', responseUrl: RESPONSE_URL } },
      ]),
    );
    expect(await waitingJobs(app, 'home')).toEqual(
      expect.arrayContaining([
        { name: 'publish-home', data: { slackUserId: REP } },
        { name: 'publish-home', data: { slackUserId: MANAGER } },
      ]),
    );
  });

  it('reads nothing from the store for /funnel and its drill-down, which only opens the loading modal', async () => {
    const app = (running = await startHttpBullpen(fixture.prefix, { slackRetries: 0 }));
    const opened: unknown[] = [];
    nock('https://slack.test')
      .post('/api/views.open', (body: Record<string, unknown>) => opened.push(body) > 0)
      .reply(200, { ok: true, view: { id: 'V0DRILL' } });
    await app.services.redis.ping();
    if (!(app.services.redis instanceof Redis)) throw new Error('this test runs on a single Redis node');
    const reads = countRoundTrips(app.services.redis);
    const responses = [
      await post(app, command('/funnel', 'last week', MANAGER)),
      await post(app, drillClick()),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(reads.count).toBe(0);
    expect(opened).toHaveLength(1);
    expect(await waitingJobs(app, 'relay-replies')).toEqual(
      expect.arrayContaining([
        {
          name: 'funnel-reply',
          data: expect.objectContaining({ userId: MANAGER, text: 'last week', responseUrl: RESPONSE_URL }),
        },
        {
          name: 'funnel-drill',
          data: expect.objectContaining({
            userId: MANAGER,
            viewId: 'V0DRILL',
            blockId: drillBlock,
            option: 'qualified',
          }),
        },
      ]),
    );
  });

  it('answers a malformed /leaderboard id in the ack and queues nothing', async () => {
    const app = (running = await startHttpBullpen(fixture.prefix, { slackRetries: 0 }));
    const res = await post(app, command('/leaderboard', '#42', REP));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toMatch(/'#42' is not a contest id/);
    expect(await waitingJobs(app, 'contest-replies')).toEqual([]);
  });
});
