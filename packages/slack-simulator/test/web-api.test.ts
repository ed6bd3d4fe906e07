import { WebClient, WebClientEvent, ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoChannels, demoPeople } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '../src/index.ts';

const BOT_TOKEN = 'xoxb-simulated-test-token';
const SIGNING_SECRET = 'simulated-signing-secret';
const sales = demoChannels[0].id;
const [admin, , , , rep] = demoPeople;
if (!admin || !rep) throw new Error('demo people missing');

let sim: SlackSimulator;
let clock: number;

function client(token = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: `${sim.url}/api/`, retryConfig: { retries: 0 } });
}

async function platformError(promise: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await promise;
  } catch (error) {
    const platform = error as WebAPIPlatformError;
    expect(platform.code).toBe(ErrorCode.PlatformError);
    return platform.data;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  clock = Date.now();
  sim = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, now: () => clock });
});

afterEach(async () => {
  await sim.close();
});

describe('Slack simulator Web API', () => {
  it('answers auth.test for the bot and rejects a wrong or missing token', async () => {
    const auth = await client().auth.test();
    expect(auth).toMatchObject({
      ok: true,
      user_id: sim.workspace.bot.userId,
      bot_id: sim.workspace.bot.botId,
    });
    expect((await platformError(client('xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    const missing = await fetch(`${sim.url}/api/auth.test`, { method: 'POST' });
    expect(await missing.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('posts then updates a message in place and records both calls with decoded blocks', async () => {
    const web = client();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Leaderboard*' } }];
    const posted = await web.chat.postMessage({ channel: sales, text: 'Leaderboard', blocks });
    expect(posted).toMatchObject({
      ok: true,
      channel: sales,
      message: { text: 'Leaderboard', bot_id: sim.workspace.bot.botId },
    });
    const ts = posted.ts ?? '';
    const updated = await web.chat.update({ channel: sales, ts, text: 'Leaderboard (final)' });
    expect(updated).toMatchObject({ ok: true, ts, text: 'Leaderboard (final)' });

    expect(sim.workspace.messagesIn(sales)).toHaveLength(1);
    expect(sim.workspace.messagesIn(sales)[0]).toMatchObject({ text: 'Leaderboard (final)', blocks });
    expect(sim.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(sim.calls[0]?.args).toEqual({ channel: sales, text: 'Leaderboard', blocks });
    expect(sim.calls[0]?.args).not.toHaveProperty('token');

    expect((await platformError(web.chat.update({ channel: sales, ts: '1.000001', text: 'x' }))).error).toBe(
      'message_not_found',
    );
    expect((await platformError(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const response = await fetch(`${sim.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BOT_TOKEN}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: '#wins', text: 'JSON works' }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: demoChannels[1].id });
  });

  it('shows an ephemeral message only to its user and requires channel membership', async () => {
    const web = client();
    const result = await web.chat.postEphemeral({ channel: sales, user: rep.slackId, text: 'Only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(sim.workspace.ephemeralsFor(rep.slackId, sales)).toMatchObject([{ text: 'Only you' }]);
    expect(sim.workspace.ephemeralsFor(admin.slackId)).toEqual([]);
    const marketing = demoChannels[2].id;
    expect(
      (await platformError(web.chat.postEphemeral({ channel: marketing, user: rep.slackId, text: 'x' })))
        .error,
    ).toBe('user_not_in_channel');
    expect(
      (await platformError(web.chat.postEphemeral({ channel: sales, user: 'U0NOBODY', text: 'x' }))).error,
    ).toBe('user_not_found');
  });

  it('rejects more than 50 blocks in a message with invalid_blocks', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const data = await platformError(client().chat.postMessage({ channel: sales, text: 'x', blocks }));
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages?.[0]).toContain('must be less than 51 items');
  });

  it('opens a modal with a fresh trigger_id only once and not after 3 seconds', async () => {
    const web = client();
    const view = {
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
      ],
    };
    const trigger = sim.issueTriggerId(rep.slackId);
    const opened = await web.views.open({ trigger_id: trigger, view });
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: 'contest_create',
      root_view_id: opened.view?.id,
    });
    expect(sim.workspace.openModal(rep.slackId)?.id).toBe(opened.view?.id);

    expect((await platformError(web.views.open({ trigger_id: trigger, view }))).error).toBe(
      'exchanged_trigger_id',
    );

    const late = sim.issueTriggerId(rep.slackId);
    clock += 3_001;
    expect((await platformError(web.views.open({ trigger_id: late, view }))).error).toBe(
      'expired_trigger_id',
    );
    expect((await platformError(web.views.open({ trigger_id: 'made.up', view }))).error).toBe(
      'invalid_trigger_id',
    );
  });

  it('publishes a Home view per user and updates it in place', async () => {
    const web = client();
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'header' as const, text: { type: 'plain_text' as const, text: 'Your leads' } }],
    };
    const first = await web.views.publish({ user_id: rep.slackId, view: home });
    const second = await web.views.publish({ user_id: rep.slackId, view: { ...home, blocks: [] } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(sim.workspace.homeView(rep.slackId)?.definition['blocks']).toEqual([]);
    expect((await platformError(web.views.publish({ user_id: 'U0NOBODY', view: home }))).error).toBe(
      'user_not_found',
    );
  });

  it('looks people up by email the way bullpen matches Salesforce owners', async () => {
    const web = client();
    const found = await web.users.lookupByEmail({ email: rep.email });
    expect(found.user).toMatchObject({
      id: rep.slackId,
      real_name: rep.name,
      tz: rep.timeZone,
      profile: { email: rep.email, title: rep.title },
    });
    expect((await platformError(web.users.lookupByEmail({ email: 'nobody@bullpen.example' }))).error).toBe(
      'users_not_found',
    );
    const info = await web.users.info({ user: admin.slackId });
    expect(info.user?.tz_offset).toBeTypeOf('number');
  });

  it('pages users.list with cursors and lists usergroups, conversations and members', async () => {
    const web = client();
    const ids: string[] = [];
    for await (const page of web.paginate('users.list', { limit: 4 })) {
      ids.push(...((page as { members?: { id: string }[] }).members ?? []).map((m) => m.id));
    }
    expect(ids).toHaveLength(demoPeople.length + 1);
    expect(sim.callsTo('users.list').length).toBe(Math.ceil((demoPeople.length + 1) / 4));

    const groups = await web.usergroups.list({ include_users: true });
    expect(groups.usergroups?.find((g) => g.handle === 'execs')?.users).toEqual(['U0DEMOEXEC1']);
    const members = await web.usergroups.users.list({ usergroup: 'S0DEMOWEST1' });
    expect(members.users).toEqual(['U0DEMOREP03', 'U0DEMOREP04']);

    const marketing = await web.conversations.members({ channel: demoChannels[2].id });
    expect(marketing.members?.sort()).toEqual(['U0BULLPENBT', 'U0DEMOADMIN', 'U0DEMOMKT01']);
    const list = await web.conversations.list({});
    expect(list.channels?.map((c) => c.name)).toEqual([
      'sales',
      'wins',
      'marketing',
      'general',
      'inbound-web',
    ]);

    const dm = await web.conversations.open({ users: rep.slackId });
    expect(dm.channel?.id).toMatch(/^D/);
    const again = await web.conversations.open({ users: rep.slackId });
    expect(again).toMatchObject({ already_open: true, channel: { id: dm.channel?.id } });
    const info = await web.conversations.info({ channel: dm.channel?.id ?? '' });
    expect(info.channel).toMatchObject({ is_im: true, user: rep.slackId });
    const link = await web.chat.getPermalink({
      channel: sales,
      message_ts: (await web.chat.postMessage({ channel: sales, text: 'x' })).ts ?? '',
    });
    expect(link.permalink).toMatch(new RegExp(`^${sim.url}/archives/${sales}/p\\d+$`));
  });

  it('keeps message metadata and pages history from `oldest`, with metadata only when asked', async () => {
    const web = client();
    await web.chat.postMessage({ channel: sales, text: 'before' });
    clock += 10_000;
    const since = (clock / 1000 - 1).toFixed(6);
    const metadata = { event_type: 'bullpen_delivery', event_payload: { delivery_key: 'k1' } };
    const posted = await web.chat.postMessage({ channel: sales, text: 'tagged', metadata });
    await web.chat.postMessage({ channel: sales, text: 'after' });
    const page = await web.conversations.history({ channel: sales, oldest: since, limit: 1 });
    expect(page.messages?.map((m) => m.text)).toEqual(['after']);
    expect(page.has_more).toBe(true);
    const rest = await web.conversations.history({
      channel: sales,
      oldest: since,
      include_all_metadata: true,
      cursor: page.response_metadata?.next_cursor ?? '',
    });
    expect(rest.messages).toEqual([expect.objectContaining({ ts: posted.ts, metadata })]);
    expect(rest.has_more).toBe(false);
    const plain = await web.conversations.history({ channel: sales });
    expect(plain.messages?.map((m) => m.text)).toEqual(['after', 'tagged', 'before']);
    expect(plain.messages?.some((m) => m.metadata)).toBe(false);
  });

  it('can hold back an answer after the method took effect', async () => {
    sim.setResponseDelay('chat.postMessage', 60_000);
    const pending = client().chat.postMessage({ channel: sales, text: 'in flight' });
    await expect.poll(() => sim.workspace.messagesIn(sales).length).toBe(1);
    expect(sim.callsTo('chat.postMessage')).toHaveLength(0);
    sim.setResponseDelay('chat.postMessage', undefined);
    await sim.close();
    await expect(pending).rejects.toThrow();
    sim = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  });

  it('answers 429 with Retry-After past the configured limit, and WebClient retries after it', async () => {
    await sim.close();
    sim = await startSlackSimulator({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      rateLimits: { 'chat.update': 1 },
      rateLimitWindowMs: 1_000,
      // The simulator's clock, not the machine's speed, decides what falls in the window.
      now: () => clock,
    });
    const web = new WebClient(BOT_TOKEN, {
      slackApiUrl: `${sim.url}/api/`,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 },
    });
    const ts = (await web.chat.postMessage({ channel: sales, text: 'v1' })).ts ?? '';
    const limited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => {
      limited.push(seconds);
      clock += seconds * 1_000; // the Retry-After the client now waits for has passed
    });
    await web.chat.update({ channel: sales, ts, text: 'v2' });
    const result = await web.chat.update({ channel: sales, ts, text: 'v3' });
    expect(result.ok).toBe(true);
    expect(limited).toEqual([1]);
    const updates = sim.callsTo('chat.update');
    expect(updates.map((c) => c.httpStatus)).toEqual([200, 429, 200]);
    expect(updates[1]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(sim.workspace.messagesIn(sales)[0]?.text).toBe('v3');
  });
});
