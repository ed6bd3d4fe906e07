import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { demoIntegrationUser, demoPeople } from '@bullpen/demo-company';
import { startBullpen } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { startSalesforceEmulator } from '@bullpen/salesforce-emulator';
import { syncHealthChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

describe('local mode (no credentials)', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('answers slash commands from the Slack simulator and syncs the emulator', async () => {
    local = await startLocalBullpen(fixture.prefix);
    const rep = demoPeople.find((p) => p.role === 'rep');
    const response = await local.simulator.sendSlashCommand(
      rep?.slackId ?? '',
      'C0DEMOSALES',
      '/bullpen',
      'help',
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json)).toMatch(/follow up every lead/);

    // The worker's scheduled sync may already have run; either way the store ends up complete.
    await runSync(local.app.services, { force: true });
    expect(await local.app.services.store.count('Lead')).toBe(local.emulator.store.count('Lead'));
    // Every demo person is matched by email to a simulator member.
    for (const person of demoPeople) {
      expect(await local.app.services.people.slackIdFor(person.salesforceId)).toBe(person.slackId);
    }
    const ready = (await (await fetch(`${local.app.url}/readyz`)).json()) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(ready.checks).toContainEqual(expect.objectContaining({ name: 'salesforce', ok: true }));
    const metrics = await (await fetch(`${local.app.url}/metrics`)).text();
    expect(metrics).toMatch(/bullpen_queue_jobs\{queue="sync",state="waiting"/);
    expect(metrics).toMatch(/bullpen_salesforce_api_requests\{kind="limit"[^}]*\} 100000/);
    expect(metrics).toMatch(/bullpen_salesforce_last_sync_timestamp_seconds\{[^}]*\} \d+/);
    const health = await syncHealthChecks(local.app.services.config);
    expect(health.find((c) => c.name === 'people')).toMatchObject({ status: 'pass' });
    // The running worker's heartbeat job tells doctor that jobs are being processed.
    const workers = await waitFor(async () => {
      const check = (await syncHealthChecks(local!.app.services.config)).find((c) => c.name === 'workers');
      return check?.status === 'pass' ? check : undefined;
    }, 'the worker heartbeat');
    expect(workers.detail).toMatch(/a worker ran a job at/);
    const redirect = await fetch(`${local.app.url}/`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`${local.simulator.url}/`);
  });

  it('is not ready while the Salesforce login fails, and says why', async () => {
    const emulator = await startSalesforceEmulator({ seed: 'empty' });
    const config = loadConfig({
      PORT: '0',
      SLACK_SIMULATOR_PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      SF_CLIENT_ID: demoIntegrationUser.clientId,
      SF_CLIENT_SECRET: 'not-the-secret',
      SF_LOGIN_URL: emulator.url,
      BULLPEN_LOCAL_SLACK: '1',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    const app = await startBullpen(config, createLogger({ level: 'silent' }), { slackRetries: 1 });
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: { name: string; ok: boolean; detail: string }[] };
      expect(body.checks.find((c) => c.name === 'salesforce')).toMatchObject({
        ok: false,
        // The first refusal names the login; once the login backoff holds further attempts, it says
        // so with the reason code: either way the reason Salesforce gave is there.
        detail: expect.stringMatching(
          /client_credentials login at .* failed: invalid client|login failing: invalid_client/,
        ),
      });
    } finally {
      await app.close();
      await emulator.close();
    }
  });
});
