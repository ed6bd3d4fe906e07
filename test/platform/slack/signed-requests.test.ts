import nock from 'nock';
import { HTTP_SIGNING_SECRET, startHttpBullpen } from '../../helpers/app.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEST_MODAL_CALLBACK_ID } from '../../../src/features/contests/slack/modal.ts';
import type { RunningBullpen } from '../../../src/main.ts';
import { NUDGE_VIEWS } from '../../../src/features/nudges/slack/blocks.ts';
import { SHOUTOUT_VIEW } from '../../../src/features/recognition/modal.ts';
import { useRedis } from '../../helpers/redis.ts';
import { slackSignatureHeaders, slashCommandBody } from '../../helpers/slack-signing.ts';

/**
 * What Slack (or someone pretending to be Slack) sends to /slack/events over real HTTP, signed with
 * the app's signing secret: input bullpen must refuse clearly, and requests it must not run at all.
 */

const SECRET = HTTP_SIGNING_SECRET;
const MANAGER = 'U0DEMOMGR01';

describe('signed requests to /slack/events', () => {
  const fixture = useRedis();
  let running: RunningBullpen | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    nock.cleanAll();
  });

  async function start(): Promise<RunningBullpen> {
    running = await startHttpBullpen(fixture.prefix, { slackRetries: 0 });
    return running;
  }

  async function post(body: string, timestamp?: number): Promise<Response> {
    const app = running ?? (await start());
    return fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders(SECRET, body, timestamp),
      },
      body,
    });
  }

  const command = (name: string, text: string) => slashCommandBody({ command: name, text, user_id: MANAGER });

  async function ephemeralAnswer(res: Response): Promise<string> {
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    return answer.text;
  }

  describe('timestamps', () => {
    const nowSeconds = () => Math.floor(Date.now() / 1000);

    it('rejects a request stamped an hour in the future and runs nothing', async () => {
      await start();
      const res = await post(command('/bullpen', 'help'), nowSeconds() + 60 * 60);
      expect(res.status).toBe(401);
    });

    it('accepts a request stamped four minutes ahead (clock drift within the window)', async () => {
      await start();
      const text = await ephemeralAnswer(await post(command('/bullpen', 'help'), nowSeconds() + 4 * 60));
      expect(text).toBeTruthy();
    });

    it('rejects a request stamped six minutes ago', async () => {
      await start();
      const res = await post(command('/bullpen', 'help'), nowSeconds() - 6 * 60);
      expect(res.status).toBe(401);
    });
  });

  describe('oversized command text', () => {
    it('answers a /contest line over 4,000 characters clearly, quoting it back clipped', async () => {
      await start();
      const typed = `start "Webinar blitz" metric:followups for:3d prize:"${'x'.repeat(4_100)}"`;
      const text = await ephemeralAnswer(await post(command('/contest', typed)));
      expect(text).toContain('4,000');
      expect(text).toContain(`${typed.length.toLocaleString('en-US')}`);
      expect(text).toContain('Nothing was changed');
      expect(text).toContain('> /contest start "Webinar blitz" metric:followups');
      expect(text.length).toBeLessThan(3_000);
      expect(await fixture.redis.keys(`${fixture.prefix}:contests:*`)).toEqual([]);
    });

    it('answers /leaderboard text over 500 characters clearly, quoting it back clipped', async () => {
      await start();
      const typed = `why ${'c1a2b3c4 '.repeat(60)}`;
      const text = await ephemeralAnswer(await post(command('/leaderboard', typed)));
      expect(text).toContain('500');
      expect(text).toContain('> /leaderboard why c1a2b3c4');
    });
  });

  describe('a view submission without state', () => {
    for (const callbackId of [CONTEST_MODAL_CALLBACK_ID, SHOUTOUT_VIEW, NUDGE_VIEWS.disqualify]) {
      it(`answers the ${callbackId} form with a clear note instead of an error`, async () => {
        await start();
        const payload = {
          type: 'view_submission',
          team: { id: 'T0DEMO', domain: 'demo' },
          user: { id: MANAGER, team_id: 'T0DEMO' },
          api_app_id: 'A0BULLPEN',
          token: 'legacy-verification-token',
          trigger_id: '1.2.abc',
          view: {
            id: 'V0NOSTATE',
            type: 'modal',
            callback_id: callbackId,
            private_metadata: '',
            hash: '1.abc',
            team_id: 'T0DEMO',
            app_id: 'A0BULLPEN',
          },
        };
        const res = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
        expect(res.status).toBe(200);
        const answer = (await res.json()) as {
          response_action: string;
          view: { blocks: { text: { text: string } }[] };
        };
        expect(answer.response_action).toBe('push');
        expect(answer.view.blocks[0]?.text.text).toMatch(/nothing was saved/i);
      });
    }
  });
});
