import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { slackClientOptions } from '../../../src/platform/slack/client-options.ts';

// A 429 means Slack did not act on the call, so the client waits Retry-After and sends it again;
// only a call that may have reached Slack (a timeout, a dropped connection) is left to the job.

const API = 'https://slack.rate-limit.test/api/';

describe("bullpen's Slack Web API client", () => {
  it('sends a rate-limited call again after Retry-After and returns its answer', async () => {
    const scope = nock('https://slack.rate-limit.test')
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' })
      .post('/api/chat.postMessage')
      .reply(200, { ok: true, channel: 'C1', ts: '1.0001' });
    const client = new WebClient(
      'xoxb-test',
      slackClientOptions({
        apiUrl: API,
        timeoutMs: 5_000,
        retries: 2,
        logger: createLogger({ level: 'silent' }),
      }),
    );
    const answer = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    expect(answer.ts).toBe('1.0001');
    expect(scope.isDone()).toBe(true);
  });

  it('does not send again a call whose connection dropped (it may have reached Slack)', async () => {
    const scope = nock('https://slack.rate-limit.test')
      .post('/api/chat.postMessage')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const client = new WebClient(
      'xoxb-test',
      slackClientOptions({
        apiUrl: API,
        timeoutMs: 1_000,
        retries: 2,
        logger: createLogger({ level: 'silent' }),
      }),
    );
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hello' })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
