import nock from 'nock';
import { loadConfig } from '../../src/config.ts';
import { startBullpen, type RunningBullpen, type StartOptions } from '../../src/main.ts';
import { createLogger } from '../../src/platform/http/logger.ts';
import type { SlackSimulator } from '@bullpen/slack-simulator';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { TEST_REDIS_URL } from './redis.ts';
import { readManifest, SCOPE_FOR_METHOD } from '../../src/platform/slack/manifest.ts';

function missingScopes(methods: string[]): string[] {
  const granted = new Set(readManifest().manifest.oauth_config.scopes.bot);
  const problems: string[] = [];
  for (const method of new Set(methods)) {
    if (!(method in SCOPE_FOR_METHOD)) {
      problems.push(
        `bullpen called ${method}: add it with its scope to SCOPE_FOR_METHOD in src/platform/slack/manifest.ts`,
      );
      continue;
    }
    const scope = SCOPE_FOR_METHOD[method];
    if (scope && !granted.has(scope)) {
      problems.push(
        `bullpen called ${method}, which needs the ${scope} scope missing from manifests/slack-app.yml`,
      );
    }
  }
  return problems;
}

export type StartLocalOptions = Pick<StartOptions, 'clock'>;

export interface LocalBullpen {
  app: RunningBullpen;
  simulator: SlackSimulator;
  emulator: SalesforceEmulator;
  close(): Promise<void>;
}

/**
 * The whole of bullpen in local mode, in-process: ROLE=all, the embedded Salesforce emulator with
 * demo data, the Slack simulator, real Redis under the test's key prefix. Tests act as people
 * through the simulator and assert on what bullpen sent to Slack and Salesforce.
 */
export async function startLocalBullpen(
  prefix: string,
  env: Record<string, string> = {},
  options: StartLocalOptions = {},
): Promise<LocalBullpen> {
  const config = loadConfig({
    PORT: '0',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    SLACK_SIMULATOR_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_TIMEOUT_MS: '1000',
    // nock (setup.ts) hangs gRPC (it takes the HTTP/2 preface for an HTTP/1 request): the change
    // stream is off unless a test pauses nock and asks for it (test/shared/sync/change-stream*).
    SF_CDC: 'off',
    ...env,
  });
  // A one-second rate-limit window: a simulated 429 says Retry-After: 1, so tests stay fast.
  const app = await startBullpen(config, createLogger({ level: config.env.LOG_LEVEL }), {
    slackRetries: 2,
    simulatorRateLimitWindowMs: 1_000,
    ...options,
  });
  const simulator = app.simulator;
  const emulator = app.emulator;
  if (!simulator || !emulator) throw new Error('local mode did not start the simulator and emulator');
  return {
    app,
    simulator,
    emulator,
    close: async () => {
      const problems = missingScopes(simulator.calls.map((c) => c.method));
      await app.close();
      // Every local-mode test doubles as a check that the manifest asks for the scopes it used.
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  };
}

/** What the stand-in Slack at https://slack.test answers to auth.test: the bot in the Demo team. */
export const SLACK_AUTH_TEST_REPLY = {
  ok: true,
  user: 'bullpen',
  team: 'Demo',
  user_id: 'U0BOT',
  bot_id: 'B0BOT',
  team_id: 'T0DEMO',
};

/** The signing secret of `startHttpBullpen`'s Slack app. */
export const HTTP_SIGNING_SECRET = 'test-signing-secret';

/**
 * bullpen's web role in HTTP mode against a Slack answered by nock (auth.test only), with the demo
 * Salesforce on purpose: for tests that send signed requests to /slack/events.
 */
export async function startHttpBullpen(
  prefix: string,
  options: { slackRetries?: number } = {},
): Promise<RunningBullpen> {
  nock('https://slack.test').persist().post('/api/auth.test').reply(200, SLACK_AUTH_TEST_REPLY);
  const config = loadConfig({
    PORT: '0',
    ROLE: 'web',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: HTTP_SIGNING_SECRET,
    SLACK_API_URL: 'https://slack.test/api/',
    BULLPEN_LOCAL_SALESFORCE: '1',
    LOG_LEVEL: 'silent',
  });
  return startBullpen(config, createLogger({ level: 'silent' }), options);
}
