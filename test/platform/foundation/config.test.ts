import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../../src/platform/config/env.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs with no environment at all: local Slack, Salesforce emulator, documented defaults', () => {
    const config = loadConfig({});
    expect(config.env.PORT).toBe(3000);
    expect(config.env.ROLE).toBe('all');
    expect(config.env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.env.SLACK_API_URL).toBe('https://slack.com/api/');
    expect(config.slack.mode).toBe('local');
    expect(config.salesforce).toEqual({ mode: 'emulator', apiVersion: '64.0' });
    expect(config.policy.sla.statuses.untouched).toEqual(['Open - Not Contacted']);
  });

  it('names the variable and the expectation for each bad value, all at once', () => {
    const problems = problemsOf({ PORT: 'abc', REDIS_URL: 'nope', ROLE: 'janitor' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/whole number between 0 and 65535.*"abc"/);
    expect(problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/redis:\/\/.*"nope"/);
    expect(problems.find((p) => p.startsWith('ROLE:'))).toMatch(/web, worker, all/);
  });

  it('takes REDIS_CLUSTER as an explicit switch and refuses a database number with it', () => {
    expect(loadConfig({}).env.REDIS_CLUSTER).toBe(false);
    expect(loadConfig({ REDIS_CLUSTER: '1', REDIS_URL: 'redis://10.0.0.5:7000' }).env.REDIS_CLUSTER).toBe(
      true,
    );
    expect(problemsOf({ REDIS_CLUSTER: 'yes' })[0]).toMatch(/^REDIS_CLUSTER: expected 1 \(on\) or 0 \(off\)/);
    expect(problemsOf({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://10.0.0.5:7000/2' })[0]).toMatch(
      /^REDIS_URL: REDIS_CLUSTER=1 takes no database number.*\/2/,
    );
    // The same URL is fine on one node, where databases exist.
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:7000/2' }).env.REDIS_URL).toBe(
      'redis://10.0.0.5:7000/2',
    );
  });

  it('takes WORKER_NICE from 0 (unchanged) to 19, 10 when unset', () => {
    expect(loadConfig({}).env.WORKER_NICE).toBe(10);
    expect(loadConfig({ WORKER_NICE: '0' }).env.WORKER_NICE).toBe(0);
    expect(problemsOf({ WORKER_NICE: '20' })[0]).toMatch(
      /^WORKER_NICE: .*whole number between 0 and 19.*"20"/,
    );
    expect(problemsOf({ WORKER_NICE: '-5' })[0]).toMatch(/^WORKER_NICE:/);
  });

  it('rejects out-of-range ports and non-http endpoints', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT:/);
    expect(problemsOf({ SLACK_API_URL: 'ftp://x' })[0]).toMatch(/^SLACK_API_URL: expected an http\(s\) URL/);
    expect(problemsOf({ SF_LOGIN_URL: 'login' })[0]).toMatch(/^SF_LOGIN_URL:/);
  });

  it('never echoes a secret in an error', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret-123' });
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(problems.join('\n')).not.toContain('secret-123');
  });

  it('picks Socket Mode with an app token, HTTP mode with a signing secret', () => {
    const emulator = { BULLPEN_LOCAL_SALESFORCE: '1' };
    const socket = loadConfig({ ...emulator, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack.mode).toBe('socket');
    const http = loadConfig({ ...emulator, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(http.slack.mode).toBe('http');
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET: required/);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' })[0]).toMatch(/^SLACK_BOT_TOKEN: required/);
  });

  it('infers the Salesforce login flow and lists what each flow is missing', () => {
    const simulator = { BULLPEN_LOCAL_SLACK: '1' };
    expect(loadConfig({ ...simulator, SF_CLIENT_ID: 'c', SF_CLIENT_SECRET: 's' }).salesforce).toMatchObject({
      mode: 'org',
      auth: { kind: 'client_credentials' },
    });
    const password = loadConfig({
      ...simulator,
      SF_CLIENT_ID: 'c',
      SF_USERNAME: 'u@x',
      SF_PASSWORD: 'p',
      SF_SECURITY_TOKEN: 't',
    });
    expect(password.salesforce).toMatchObject({ auth: { kind: 'password', password: 'pt' } });
    const jwtProblems = problemsOf({ SF_AUTH: 'jwt' });
    expect(jwtProblems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SF_CLIENT_ID: required for Salesforce jwt login/),
        expect.stringMatching(/^SF_USERNAME: required/),
        expect.stringMatching(/^SF_PRIVATE_KEY: required/),
      ]),
    );
    expect(
      problemsOf({ SF_CLIENT_ID: 'c', SF_USERNAME: 'u', SF_PRIVATE_KEY_PATH: '/nonexistent/key.pem' })[0],
    ).toMatch(/^SF_PRIVATE_KEY_PATH: cannot read \/nonexistent\/key.pem: ENOENT/);
  });

  it('refuses half a local mode unless asked for by name, and any contradiction', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    const salesforce = { SF_CLIENT_ID: 'c', SF_CLIENT_SECRET: 's' };
    expect(problemsOf(slack)).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is set but no Salesforce/)]);
    expect(problemsOf(salesforce)).toEqual([
      expect.stringMatching(/^Salesforce credentials are set but no Slack tokens/),
    ]);
    expect(loadConfig({ ...slack, ...salesforce })).toMatchObject({
      slack: { mode: 'http' },
      salesforce: { mode: 'org' },
    });
    expect(loadConfig({ ...slack, BULLPEN_LOCAL_SALESFORCE: 'true' }).salesforce.mode).toBe('emulator');
    expect(loadConfig({ ...salesforce, BULLPEN_LOCAL_SLACK: '1' }).slack.mode).toBe('local');
    expect(problemsOf({ ...slack, ...salesforce, BULLPEN_LOCAL_SALESFORCE: '1' })[0]).toMatch(
      /^BULLPEN_LOCAL_SALESFORCE=1 asks for the demo Salesforce emulator, but Salesforce credentials are set/,
    );
    expect(problemsOf({ BULLPEN_LOCAL_SLACK: 'yes' })[0]).toMatch(
      /^BULLPEN_LOCAL_SLACK: expected 1 \(on\) or 0/,
    );
    expect(loadConfig({ BULLPEN_LOCAL_SLACK: '1', BULLPEN_LOCAL_SALESFORCE: '1' }).slack.mode).toBe('local');
  });

  it('echoes a rejected URL without its credentials', () => {
    const problems = problemsOf({
      REDIS_URL: 'redis//default:hunter2hunter2@cache:6379',
      SLACK_API_URL: 'ftp://bot:hunter3hunter3@slack.test/api/?token=hunter4hunter4',
    });
    expect(problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/\(got "\*\*\*@cache:6379"\)$/);
    expect(problems.find((p) => p.startsWith('SLACK_API_URL:'))).toMatch(
      /\(got "ftp:\/\/bot:\*\*\*@slack.test\/api\/\?token=\*\*\*"\)$/,
    );
    expect(problems.join('\n')).not.toMatch(/hunter/);
  });

  it('reads a YAML policy file and reports its problems with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bullpen-policy-'));
    const good = join(dir, 'policy.yaml');
    writeFileSync(
      good,
      'roles:\n  admins: [U0ADMIN1]\nsla:\n  statuses:\n    untouched: [New]\n    open: [New, Working]\n',
    );
    const config = loadConfig({ BULLPEN_CONFIG: good });
    expect(config.policy.roles.admins).toEqual(['U0ADMIN1']);
    expect(config.policy.sla.statuses.untouched).toEqual(['New']);
    expect(config.policy.sla.statuses.disqualified).toBe('Closed - Not Converted');

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'roles:\n  admins: [not-an-id]\n  wizards: []\n');
    const problems = problemsOf({ BULLPEN_CONFIG: bad });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BULLPEN_CONFIG .*bad.yaml: roles.admins.0: expected a Slack user ID/),
        expect.stringMatching(/wizards/),
      ]),
    );
    expect(problemsOf({ BULLPEN_CONFIG: join(dir, 'missing.yaml') })[0]).toMatch(/cannot read .*ENOENT/);
  });
});

describe('README', () => {
  it('shows a policy file example that loads', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'bullpen-readme-'));
    const path = join(dir, 'policy.yaml');
    writeFileSync(path, example ?? '');
    const config = loadConfig({ BULLPEN_CONFIG: path });
    expect(config.policy.roles.admins).toEqual(['U012ADMIN']);
    expect(config.policy.sla.firstTouch.hoursBySource['Trade Show']).toBe(48);
  });
});

describe('.env.example', () => {
  it('documents every variable the schema reads, and nothing else', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(envSchema.shape)));
  });
});
