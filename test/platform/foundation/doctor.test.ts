import { spawn, type ChildProcess } from 'node:child_process';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDoctorReport, runDoctor } from '../../../src/cli/doctor.ts';
import { freePort, runCli, waitFor } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';
import { hasRedisServer, warnIfNoRedisServer } from '../../helpers/redis-server.ts';
import { Redis } from 'ioredis';

warnIfNoRedisServer('the doctor test that stops Redis');

describe('bullpen doctor', () => {
  afterEach(() => nock.cleanAll());

  it('passes every required check on a local setup', async () => {
    const report = await runDoctor({ REDIS_URL: TEST_REDIS_URL });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual(
      expect.arrayContaining([
        ['config', 'pass'],
        ['redis', 'pass'],
        ['slack', 'skip'],
        ['manifest', 'pass'],
      ]),
    );
    // The features' own lines come with the features (Feature.doctorChecks): the SLA index's here.
    expect(report.checks.map((c) => c.name)).toContain('sla-index');
  });

  it('fails config with one check per problem and does not go further', async () => {
    const report = await runDoctor({ PORT: 'abc', ROLE: 'x' });
    expect(report.ok).toBe(false);
    expect(report.checks).toHaveLength(2);
    expect(report.checks.every((c) => c.name === 'config' && c.status === 'fail' && c.fix)).toBe(true);
  });

  it('checks Slack with auth.test against the configured API URL', async () => {
    nock('https://slack.test').post('/api/auth.test').reply(200, { ok: true, user: 'bullpen', team: 'Acme' });
    const ok = await runDoctor({
      REDIS_URL: TEST_REDIS_URL,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: 'https://slack.test/api/',
      BULLPEN_LOCAL_SALESFORCE: '1',
    });
    expect(ok.checks.find((c) => c.name === 'slack')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/Acme/),
    });

    nock('https://slack.test').post('/api/auth.test').reply(200, { ok: false, error: 'invalid_auth' });
    const bad = await runDoctor({
      REDIS_URL: TEST_REDIS_URL,
      SLACK_BOT_TOKEN: 'xoxb-revoked',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: 'https://slack.test/api/',
      BULLPEN_LOCAL_SALESFORCE: '1',
    });
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => c.name === 'slack')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/invalid_auth/),
    });
    expect(formatDoctorReport(bad)).toMatch(/FAIL {2}slack .*invalid_auth\n {6}fix: /);
  });

  it.skipIf(!hasRedisServer)(
    'reports Redis failing and exits 1 once Redis is stopped (--json) (needs the redis-server binary)',
    async () => {
      const port = await freePort();
      const server: ChildProcess = spawn(
        'redis-server',
        ['--port', String(port), '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      const url = `redis://127.0.0.1:${port}`;
      try {
        await waitFor(async () => {
          const probe = new Redis(url, {
            lazyConnect: true,
            retryStrategy: () => null,
            maxRetriesPerRequest: 0,
          });
          probe.on('error', () => {});
          try {
            await probe.connect();
            return (await probe.ping()) === 'PONG' ? true : undefined;
          } finally {
            probe.disconnect();
          }
        }, 'temporary redis-server');
        const up = runCli(['doctor', '--json'], { REDIS_URL: url });
        expect((await up.exited).code).toBe(0);
        const upReport = JSON.parse(up.output()) as {
          ok: boolean;
          checks: { name: string; status: string }[];
        };
        expect(upReport.checks).toContainEqual(expect.objectContaining({ name: 'redis', status: 'pass' }));

        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));

        const down = runCli(['doctor', '--json'], { REDIS_URL: url });
        expect((await down.exited).code).toBe(1);
        const report = JSON.parse(down.output()) as {
          ok: boolean;
          checks: { name: string; status: string; fix?: string }[];
        };
        expect(report.ok).toBe(false);
        expect(report.checks).toContainEqual(
          expect.objectContaining({ name: 'redis', status: 'fail', fix: expect.stringMatching(/REDIS_URL/) }),
        );
      } finally {
        server.kill('SIGKILL');
      }
    },
  );
});
