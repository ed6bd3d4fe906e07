import { emulatorOrgEnv } from '../../helpers/salesforce.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { demoPeople } from '@bullpen/demo-company';
import { createLogger } from '../../../src/platform/http/logger.ts';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SfRecord,
} from '@bullpen/salesforce-emulator';
import { registerSalesforceJobs, SYNC_JOB, SYNC_SCHEDULER_ID } from '../../../src/shared/sync/sync-jobs.ts';
import { enqueueWriteBack, registerWriteBackJobs } from '../../../src/features/nudges/writes/write-jobs.ts';
import { buildParts, type AppParts as Services } from '../../../src/main.ts';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { runCli, waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });
const rep = demoPeople.find((p) => p.role === 'rep');
/** Short enough for a test, long enough for the emulator to answer a healthy call on a busy machine. */
const TIMEOUT_MS = '1500';

describe('a Salesforce that accepts the connection and never answers', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let services: Services | undefined;
  let slack: SlackSimulator | undefined;

  afterEach(async () => {
    await services?.jobs.close(1000);
    services = undefined;
    await slack?.close();
    slack = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  const orgEnv = (emu: SalesforceEmulator): Record<string, string> => ({
    ...emulatorOrgEnv(emu, fixture.prefix),
    SF_TIMEOUT_MS: TIMEOUT_MS,
  });

  async function startWorkers(withBullpenMetadata: boolean) {
    emulator = await startSalesforceEmulator({ seed: 'demo', withBullpenMetadata });
    // After a sync the job matches owners to Slack members: a local Slack answers.
    slack = await startSlackSimulator({ signingSecret: 'test-signing-secret', botToken: 'xoxb-test' });
    const svc = buildParts({
      config: loadConfig(orgEnv(emulator)),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: `${slack.url}/api/` },
    });
    services = svc;
    await svc.salesforce.start();
    await registerSalesforceJobs(svc);
    registerWriteBackJobs(svc);
    // Only the jobs a test adds run: the periodic sync would race it for the hung request.
    await svc.jobs.queueNamed('sync').removeJobScheduler(SYNC_SCHEDULER_ID);
    await svc.jobs.queueNamed('sync').drain(true);
    svc.jobs.startWorkers();
    return { emu: emulator, svc };
  }

  it.each([
    ['without', false],
    ['with', true],
  ])(
    'a Task insert whose answer is lost times out, is retried, and lands once (%s Bullpen_Key__c)',
    async (_label, withMetadata) => {
      const { emu, svc } = await startWorkers(withMetadata);
      const lead = [...emu.store.records('Lead')].find(
        (l) => l['OwnerId'] === rep?.salesforceId && l['IsDeleted'] !== true,
      ) as SfRecord;
      // Salesforce inserts the Task, but its answer never comes back.
      emu.controls.hangNext(1, { afterProcessing: true, match: /^POST .*\/sobjects\/Task$/ });
      const key = `digest-timeout.${String(lead['Id'])}.call`;
      await enqueueWriteBack(svc, {
        kind: 'log-activity',
        key,
        leadId: String(lead['Id']),
        ownerId: rep?.salesforceId ?? '',
        activity: 'call',
        activityDate: '2026-11-24',
      });
      const queue = svc.jobs.queueNamed('salesforce-writes');
      const state = await waitFor(async () => {
        const job = await queue.getJob(`write-${key}`);
        const current = await job?.getState();
        return current === 'completed' || current === 'failed' ? current : undefined;
      }, 'the write-back job to finish');
      const job = await queue.getJob(`write-${key}`);
      expect(state, job?.failedReason).toBe('completed');
      expect((job?.stacktrace ?? []).join('\n')).toMatch(/did not answer POST .*\/sobjects\/Task within/);
      expect(job?.returnvalue).toMatchObject({ created: false });
      const tasks = [...emu.store.records('Task')].filter((t) =>
        String(t['Description'] ?? '').includes(`[bullpen:${key}]`),
      );
      expect(tasks).toHaveLength(1);
    },
  );

  it('a hung sync query times out as a transient failure, the job retries, and the sync completes', async () => {
    const { emu, svc } = await startWorkers(false);
    emu.controls.hangNext(1, { match: /^GET .*\/query(All)?$/ });
    const queue = svc.jobs.queueNamed('sync');
    await queue.add(SYNC_JOB, {}, { jobId: 'sync-after-hang' });
    const state = await waitFor(async () => {
      const current = await (await queue.getJob('sync-after-hang'))?.getState();
      return current === 'completed' || current === 'failed' ? current : undefined;
    }, 'the sync job to finish');
    const job = await queue.getJob('sync-after-hang');
    expect(state, job?.failedReason).toBe('completed');
    expect((job?.stacktrace ?? []).join('\n')).toMatch(/did not answer GET .*\/query(All)? within/);
    expect(await svc.store.count('Lead')).toBeGreaterThan(0);
  });

  it('`bullpen sync --once` says which call timed out', async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    emulator.controls.hangNext(1, { match: /^GET .*\/query(All)?$/ });
    const cli = runCli(['sync', '--once', '--json'], orgEnv(emulator));
    expect((await cli.exited).code).toBe(1);
    expect(cli.output()).toMatch(
      new RegExp(`Salesforce did not answer GET /services/data/v[\\d.]+/query(All)? within ${TIMEOUT_MS} ms`),
    );
  });
});
