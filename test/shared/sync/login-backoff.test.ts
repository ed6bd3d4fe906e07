import { emulatorOrgEnv } from '../../helpers/salesforce.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { demoPeople } from '@bullpen/demo-company';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { salesforceLoginChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { registerSalesforceJobs, runSync, SYNC_SCHEDULER_ID } from '../../../src/shared/sync/sync-jobs.ts';
import { enqueueWriteBack, registerWriteBackJobs } from '../../../src/features/nudges/writes/write-jobs.ts';
import { buildParts, type AppParts as Services } from '../../../src/main.ts';
import { syncHealthSection } from '../../../src/features/sync-health/slack/home-section.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });
const MINUTE = 60_000;

describe('failed Salesforce logins back off instead of locking the integration user', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let services: Services | undefined;

  afterEach(async () => {
    await services?.jobs.close(1000);
    services = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  it('waits 1, 2, 4 ... minutes up to an hour between attempts, says so, and recovers on the first good login', async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    const emu = emulator;
    emu.controls.failLogins({ error: 'invalid_grant', description: 'authentication failure' });
    const env = emulatorOrgEnv(emu, fixture.prefix);
    let clock = Date.now();
    const svc = buildParts({
      config: loadConfig(env),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
      salesforceClock: () => new Date(clock),
    });
    services = svc;
    await svc.salesforce.start();
    const tokenRequests = () => emu.requests.filter((r) => r.path === '/services/oauth2/token').length;
    const sync = () => runSync(svc, { force: true, matchPeople: false });
    const backoffKey = `${fixture.prefix}:sf:login:backoff`;
    const nextAttempt = async () =>
      Date.parse(
        (JSON.parse((await fixture.redis.get(backoffKey)) ?? '{}') as { nextAttemptAt?: string })
          .nextAttemptAt ?? '',
      );

    await expect(sync()).rejects.toThrow(/authentication failure/);
    expect(tokenRequests()).toBe(1);
    expect(await nextAttempt()).toBe(clock + MINUTE);

    // Half a minute on: no token request at all, and the error says when the next one will be.
    clock += 30_000;
    const blocked = new Date(await nextAttempt()).toISOString();
    await expect(sync()).rejects.toThrow(
      `Salesforce login failing: invalid_grant (authentication failure); next attempt at ${blocked}`,
    );
    expect(tokenRequests()).toBe(1);

    const delays: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      clock = await nextAttempt();
      await expect(sync()).rejects.toThrow(/authentication failure/);
      delays.push((await nextAttempt()) - clock);
    }
    expect(delays.map((d) => d / MINUTE)).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
    expect(tokenRequests()).toBe(9);

    // doctor and the admin's Home say so, and doctor does not spend a login attempt on it.
    const next = new Date(await nextAttempt()).toISOString();
    const doctor = await salesforceLoginChecks(loadConfig(env));
    expect(doctor[0]).toMatchObject({
      name: 'salesforce',
      status: 'fail',
      detail: `Salesforce login failing: invalid_grant (authentication failure); next attempt at ${next}`,
    });
    expect(tokenRequests()).toBe(9);
    const viewer = { roles: new Set(['admin']), now: new Date(clock) } as unknown as Parameters<
      ReturnType<typeof syncHealthSection>['render']
    >[0];
    const home = JSON.stringify(await syncHealthSection(svc).render(viewer, 50));
    expect(home).toContain('Salesforce login failing:');
    expect(home).toContain(next);

    // The password is fixed: the next allowed attempt logs in, syncs, and clears the backoff.
    emu.controls.failLogins(null);
    clock = await nextAttempt();
    const report = await sync();
    expect(report?.objects.find((o) => o.object === 'Lead')?.stored).toBeGreaterThan(0);
    expect(tokenRequests()).toBe(10);
    expect(await fixture.redis.get(backoffKey)).toBeNull();
    expect(JSON.stringify(await syncHealthSection(svc).render(viewer, 50))).not.toContain(
      'Salesforce login failing',
    );
  });

  it("a rep's write waits for the next allowed login instead of failing, then lands once", async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    const emu = emulator;
    emu.controls.failLogins({ error: 'invalid_grant', description: 'authentication failure' });
    const svc = buildParts({
      config: loadConfig(emulatorOrgEnv(emu, fixture.prefix)),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    services = svc;
    await svc.salesforce.start();
    await registerSalesforceJobs(svc);
    registerWriteBackJobs(svc);
    await svc.jobs.queueNamed('sync').removeJobScheduler(SYNC_SCHEDULER_ID);
    await svc.jobs.queueNamed('sync').drain(true);
    svc.jobs.startWorkers();

    const rep = demoPeople.find((p) => p.role === 'rep');
    const lead = [...emu.store.records('Lead')].find((l) => l['OwnerId'] === rep?.salesforceId);
    const key = `digest-login.${String(lead?.['Id'])}.call`;
    await enqueueWriteBack(svc, {
      kind: 'log-activity',
      key,
      leadId: String(lead?.['Id']),
      ownerId: rep?.salesforceId ?? '',
      activity: 'call',
      activityDate: '2026-11-24',
    });
    const queue = svc.jobs.queueNamed('salesforce-writes');
    const delayedKey = `${fixture.prefix}:salesforce-writes:delayed`;
    // BullMQ scores a delayed job by when it runs (ms * 4096 + a counter).
    const runsAt = await waitFor(async () => {
      const score = await fixture.redis.zscore(delayedKey, `write-${key}`);
      return score === null ? undefined : Math.floor(Number(score) / 4096);
    }, 'the write to wait for the next login');
    const state = JSON.parse((await fixture.redis.get(`${fixture.prefix}:sf:login:backoff`)) ?? '{}') as {
      nextAttemptAt: string;
    };
    expect(runsAt).toBeGreaterThanOrEqual(Date.parse(state.nextAttemptAt));
    const job = await queue.getJob(`write-${key}`);
    expect(job?.attemptsMade ?? 0).toBe(0);

    // The login works again and the minute has passed (the job is promoted rather than waited for).
    emu.controls.failLogins(null);
    await fixture.redis.del(`${fixture.prefix}:sf:login:backoff`);
    await job?.promote();
    await waitFor(
      async () => ((await job?.getState()) === 'completed' ? true : undefined),
      'the write to land',
    );
    const tasks = [...emu.store.records('Task')].filter((t) =>
      String(t['Description'] ?? '').includes(`[bullpen:${key}]`),
    );
    expect(tasks).toHaveLength(1);
  });
});
