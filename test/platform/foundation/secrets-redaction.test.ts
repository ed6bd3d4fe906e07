import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { deleteKeysWithPrefix } from '../../../src/platform/redis.ts';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { exitCodeWithin, startSlackStandIn, type StandIn } from '../../helpers/stand-ins.ts';
import { hasRedisServer, startOwnRedis, type OwnRedis } from '../../helpers/redis-server.ts';

/**
 * Every secret-bearing variable holds a canary; every line the real process prints (start-up logs,
 * the "Redis unavailable" warning, doctor in text and JSON, config errors) must be free of them.
 */
const tag = randomBytes(5).toString('hex');
const canary = {
  redisPassword: `cnryRedisPw${tag}`,
  botToken: `cnryBot${tag}`,
  signingSecret: `cnrySigning${tag}`,
  appToken: `cnryApp${tag}`,
  slackUrlToken: `cnrySlackQuery${tag}`,
  clientSecret: `cnryClientSecret${tag}`,
  password: `cnrySfPassword${tag}`,
  securityToken: `cnrySfToken${tag}`,
  privateKey: `cnryPrivateKey${tag}`,
  loginUrlPassword: `cnryLoginUrlPw${tag}`,
  instanceUrlSig: `cnryInstanceSig${tag}`,
};
const leaked = (output: string): string[] => Object.values(canary).filter((c) => output.includes(c));

const PEM = `-----BEGIN PRIVATE KEY-----\n${canary.privateKey}\n-----END PRIVATE KEY-----`;

function secretEnv(redisUrl: string, slackUrl: string, loginHost: string): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    SLACK_BOT_TOKEN: `xoxb-${canary.botToken}`,
    SLACK_SIGNING_SECRET: canary.signingSecret,
    SLACK_API_URL: `${slackUrl}/api/?token=${canary.slackUrlToken}`,
    SF_AUTH: 'password',
    SF_LOGIN_URL: `http://integration:${canary.loginUrlPassword}@${loginHost}`,
    SF_INSTANCE_URL: `http://${loginHost}/?sig=${canary.instanceUrlSig}`,
    SF_CLIENT_ID: 'bullpen-demo-client',
    SF_CLIENT_SECRET: canary.clientSecret,
    SF_USERNAME: 'integration@example.com',
    SF_PASSWORD: canary.password,
    SF_SECURITY_TOKEN: canary.securityToken,
    SF_PRIVATE_KEY: PEM,
  };
}

async function outputOf(cli: RunningCli): Promise<{ code: number | null; output: string }> {
  const { code } = await cli.exited;
  return { code, output: cli.output() };
}

// Each test runs the real CLI several times; a busy two-core machine needs more than the default.
describe.skipIf(!hasRedisServer)(
  'secrets in URLs and variables (needs the redis-server binary)',
  { timeout: 90_000 },
  () => {
    let redis: OwnRedis;
    let slack: StandIn;
    let emulator: SalesforceEmulator;
    let env: Record<string, string>;
    const prefix = `bptest-canary-${tag}`;

    beforeAll(async () => {
      redis = await startOwnRedis(await freePort(), ['--requirepass', canary.redisPassword]);
      slack = await startSlackStandIn();
      emulator = await startSalesforceEmulator({ seed: 'empty' });
      env = {
        ...secretEnv(
          `redis://:${canary.redisPassword}@127.0.0.1:${redis.port}`,
          slack.url,
          new URL(emulator.url).host,
        ),
        REDIS_PREFIX: prefix,
        SHUTDOWN_TIMEOUT_MS: '500',
      };
    });

    afterAll(async () => {
      const cleanup = new Redis(`redis://:${canary.redisPassword}@127.0.0.1:${redis.port}`);
      await deleteKeysWithPrefix(cleanup, prefix);
      await cleanup.quit();
      await Promise.all([redis.stop(), slack.close(), emulator.close()]);
    });

    it('start logs no secret, and names Redis and Salesforce by redacted URLs', async () => {
      const port = await freePort();
      const cli = runCli(['start'], { ...env, PORT: String(port) });
      // Readiness lists Slack once auth.test has run, the last step of start-up.
      const readiness = await waitFor(async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/readyz`)).text();
        return body.includes('"slack"') ? body : undefined;
      }, 'bullpen to finish starting');
      expect(readiness).toMatch(/"salesforce"/);
      cli.child.kill('SIGTERM');
      const { output } = await outputOf(cli);
      expect(output).toMatch(/shutdown complete/);
      expect(leaked(readiness)).toEqual([]);
      expect(output).toMatch(/Salesforce: password login at http:\/\/integration:\*\*\*@127\.0\.0\.1/);
      expect(leaked(output)).toEqual([]);
    });

    it('the "Redis unavailable" warning shows the URL without its password', async () => {
      const port = await freePort();
      const deadRedis = await freePort();
      const cli = runCli(['start'], {
        ...env,
        PORT: String(port),
        ROLE: 'web',
        REDIS_URL: `redis://bullpen:${canary.redisPassword}@127.0.0.1:${deadRedis}`,
      });
      await waitFor(
        async () => (cli.output().includes('Redis unavailable at') ? true : undefined),
        'the Redis warning',
      );
      expect(await exitCodeWithin(cli, 0)).toBe('still running');
      const output = cli.output();
      expect(output).toContain(`Redis unavailable at redis://bullpen:***@127.0.0.1:${deadRedis}`);
      expect(leaked(output)).toEqual([]);
    });

    it('doctor, in text and in JSON, prints no secret in any flow', async () => {
      const jwt = { ...env, SF_AUTH: 'jwt', SLACK_APP_TOKEN: `xapp-1-${canary.appToken}` };
      for (const [args, source] of [
        [['doctor'], env],
        [['doctor', '--json'], env],
        [['doctor'], jwt],
        [['doctor', '--json'], jwt],
      ] as const) {
        const { output } = await outputOf(runCli([...args], source));
        expect(output).toMatch(/redis/);
        expect(output).toContain(`redis://:***@127.0.0.1:${redis.port}`);
        expect(leaked(output), `${args.join(' ')} (${source.SF_AUTH})`).toEqual([]);
      }
    });

    it('config errors name each bad variable without echoing a secret', async () => {
      const bad = {
        ...env,
        REDIS_URL: `redis//default:${canary.redisPassword}@127.0.0.1:6379`,
        SLACK_BOT_TOKEN: `xoxp-${canary.botToken}`,
        SLACK_API_URL: `ftp://slack:${canary.signingSecret}@127.0.0.1/api/?token=${canary.slackUrlToken}`,
        SF_LOGIN_URL: `login.salesforce.com?password=${canary.loginUrlPassword}`,
        SF_INSTANCE_URL: `ws://sf:${canary.password}@127.0.0.1/?sig=${canary.instanceUrlSig}`,
      };
      for (const args of [['start'], ['doctor'], ['doctor', '--json']]) {
        const { code, output } = await outputOf(runCli(args, bad));
        expect(code).not.toBe(0);
        for (const name of [
          'REDIS_URL',
          'SLACK_BOT_TOKEN',
          'SLACK_API_URL',
          'SF_LOGIN_URL',
          'SF_INSTANCE_URL',
        ])
          expect(output).toContain(`${name}: `);
        expect(leaked(output), args.join(' ')).toEqual([]);
      }
    });
  },
);
