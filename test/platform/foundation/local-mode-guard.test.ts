import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli, waitFor } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';
import { exitCodeWithin, startSlackStandIn, type StandIn } from '../../helpers/stand-ins.ts';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../../../src/platform/redis.ts';

/**
 * Local mode is all-or-nothing: real Slack with the demo Salesforce emulator (or a real org with
 * the Slack simulator) is refused at start-up unless asked for by name.
 */
const problemLines = (output: string): string[] => output.split('\n').filter((l) => l.startsWith('  - '));

interface DoctorJson {
  ok: boolean;
  checks: { name: string; status: string; detail: string }[];
}

// Each test runs the real CLI, some of them several times: more than the default time on two cores.
describe('all-or-nothing local mode', { timeout: 60_000 }, () => {
  let slack: StandIn;
  const prefixes: string[] = [];
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(async () => {
    await slack.close();
    const redis = new Redis(TEST_REDIS_URL);
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  const slackOnly = (): Record<string, string> => ({
    NODE_ENV: 'production',
    REDIS_URL: TEST_REDIS_URL,
    SLACK_BOT_TOKEN: 'xoxb-guard-test',
    SLACK_SIGNING_SECRET: 'guard-secret',
    SLACK_API_URL: `${slack.url}/api/`,
  });
  const salesforceOnly = (): Record<string, string> => ({
    NODE_ENV: 'production',
    REDIS_URL: TEST_REDIS_URL,
    SF_CLIENT_ID: 'bullpen-demo-client',
    SF_CLIENT_SECRET: 'bullpen-demo-secret',
  });

  it('refuses to start with Slack tokens and no Salesforce credentials, in one line', async () => {
    const port = await freePort();
    const prefix = `bptest-guard-${port}`;
    prefixes.push(prefix);
    const cli = runCli(['start'], { ...slackOnly(), PORT: String(port), REDIS_PREFIX: prefix });
    expect(await exitCodeWithin(cli, 15_000)).toBe(2);
    const lines = problemLines(cli.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /SLACK_BOT_TOKEN is set but no Salesforce credentials: set SF_CLIENT_ID .*BULLPEN_LOCAL_SALESFORCE=1/,
    );
  });

  it('refuses to start with Salesforce credentials and no Slack tokens, in one line', async () => {
    const port = await freePort();
    const prefix = `bptest-guard-${port}`;
    prefixes.push(prefix);
    const cli = runCli(['start'], { ...salesforceOnly(), PORT: String(port), REDIS_PREFIX: prefix });
    expect(await exitCodeWithin(cli, 15_000)).toBe(2);
    const lines = problemLines(cli.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /Salesforce credentials are set but no Slack tokens: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.*BULLPEN_LOCAL_SLACK=1/,
    );
  });

  it('doctor fails the mixed setup and names what is missing', async () => {
    const cli = runCli(['doctor', '--json'], slackOnly());
    expect((await cli.exited).code).toBe(1);
    const report = JSON.parse(cli.output()) as DoctorJson;
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: 'config',
        status: 'fail',
        detail: expect.stringMatching(/no Salesforce credentials/),
      }),
    ]);
  });

  it('runs real Slack on the emulator when BULLPEN_LOCAL_SALESFORCE=1 asks for it, and doctor warns', async () => {
    const optedIn = { ...slackOnly(), BULLPEN_LOCAL_SALESFORCE: '1' };
    const doctor = runCli(['doctor', '--json'], optedIn);
    expect((await doctor.exited).code).toBe(0);
    const report = JSON.parse(doctor.output()) as DoctorJson;
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: 'salesforce',
        status: 'warn',
        detail: expect.stringMatching(/BULLPEN_LOCAL_SALESFORCE=1.*emulator/),
      }),
    );
    const text = runCli(['doctor'], optedIn);
    await text.exited;
    expect(text.output()).toMatch(/^WARN {2}salesforce +.*emulator/m);

    const port = await freePort();
    const prefix = `bptest-guard-${port}`;
    prefixes.push(prefix);
    const cli = runCli(['start'], { ...optedIn, PORT: String(port), REDIS_PREFIX: prefix });
    try {
      await waitFor(
        async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined),
        '/healthz',
      );
      expect(cli.output()).toMatch(/Salesforce: demo emulator on purpose \(BULLPEN_LOCAL_SALESFORCE=1\)/);
    } finally {
      expect(await exitCodeWithin(cli, 0)).toBe('still running');
    }
  });

  it('runs a real org with the Slack simulator when BULLPEN_LOCAL_SLACK=1 asks for it, and doctor warns', async () => {
    const doctor = runCli(['doctor', '--json'], { ...salesforceOnly(), BULLPEN_LOCAL_SLACK: '1' });
    await doctor.exited;
    const report = JSON.parse(doctor.output()) as DoctorJson;
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: 'slack',
        status: 'warn',
        detail: expect.stringMatching(/BULLPEN_LOCAL_SLACK=1.*simulator/),
      }),
    );
  });
});
