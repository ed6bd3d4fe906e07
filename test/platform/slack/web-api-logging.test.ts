import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { loadConfig } from '../../../src/config.ts';
import { buildParts, type AppParts } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { createSlackRuntime } from '../../../src/platform/slack/app.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

/**
 * @slack/web-api logs for itself (a rate limit it waits out, a payload it finds lacking). Without a
 * logger of ours it writes `[WARN]  web-api:WebClient:0 …` to the console: unstructured, unredacted,
 * and outside LOG_LEVEL. Every Slack client bullpen makes must log through bullpen's logger instead.
 */

const BOT_TOKEN = 'xoxb-web-api-logging';
const CHANNEL = 'C0DEMOWINS1';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

/** Every console method @slack/logger's ConsoleLogger writes with. */
function watchConsole(): MockInstance[] {
  return (['debug', 'info', 'warn', 'error', 'log'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => {}),
  );
}

function fromWebClient(lines: Record<string, unknown>[], text: string): Record<string, unknown>[] {
  return lines.filter((line) => typeof line['msg'] === 'string' && line['msg'].includes(text));
}

describe("the Slack Web API client's own log lines", () => {
  const fixture = useRedis();
  let simulator: SlackSimulator | undefined;
  let parts: AppParts | undefined;

  afterEach(async () => {
    vi.restoreAllMocks();
    await parts?.jobs.close(1000);
    parts = undefined;
    await simulator?.close();
    simulator = undefined;
  });

  async function slackWithOnePostPerWindow(): Promise<SlackSimulator> {
    simulator = await startSlackSimulator({
      signingSecret: 'test-signing-secret',
      botToken: BOT_TOKEN,
      // One post per second: the second post is answered 429 with Retry-After: 1.
      rateLimits: { 'chat.postMessage': 1 },
      rateLimitWindowMs: 1_000,
    });
    return simulator;
  }

  it("reach bullpen's logger as structured JSON from the process's client, not the console", async () => {
    const slack = await slackWithOnePostPerWindow();
    const { lines, logger } = capturingLogger();
    const config = loadConfig({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      LOG_LEVEL: 'debug',
    });
    parts = buildParts({
      config,
      logger,
      redis: fixture.connect(),
      slack: { botToken: BOT_TOKEN, apiUrl: `${slack.url}/api/` },
      slackRetries: 2,
    });
    const consoleCalls = watchConsole();

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Sam booked three demos' } }];
    // No top-level text: the client warns; the second post is rate limited (429, Retry-After: 1).
    await parts.slack.chat.postMessage({ channel: CHANNEL, blocks });
    // Whether the rate-limited post then succeeds is the retry policy's business, not this test's.
    await parts.slack.chat.postMessage({ channel: CHANNEL, blocks }).catch(() => undefined);

    const [missingText] = fromWebClient(lines, 'top-level `text` argument is missing');
    expect(missingText).toMatchObject({ level: 'warn', app: 'bullpen', component: 'slack-web-api' });
    const [rateLimited] = fromWebClient(lines, 'rate limiting');
    expect(rateLimited).toMatchObject({ app: 'bullpen', component: 'slack-web-api' });
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
  });

  it("reach bullpen's logger from Bolt's app client too", async () => {
    const slack = await slackWithOnePostPerWindow();
    const { lines, logger } = capturingLogger();
    const runtime = createSlackRuntime(
      {
        mode: 'http',
        botToken: BOT_TOKEN,
        signingSecret: 'test-signing-secret',
        apiUrl: `${slack.url}/api/`,
      },
      () => {},
      { config: { env: { SLACK_TIMEOUT_MS: 5_000 } }, logger, redis: { status: 'ready' } },
      { retries: 2 },
    );
    await runtime.start();
    const consoleCalls = watchConsole();

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Sam booked three demos' } }];
    await runtime.app.client.chat.postMessage({ channel: CHANNEL, blocks });
    await runtime.app.client.chat.postMessage({ channel: CHANNEL, blocks }).catch(() => undefined);

    const [missingText] = fromWebClient(lines, 'top-level `text` argument is missing');
    expect(missingText).toMatchObject({ level: 'warn', app: 'bullpen' });
    expect(fromWebClient(lines, 'rate limiting')).not.toHaveLength(0);
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
    await runtime.stop();
  });
});
