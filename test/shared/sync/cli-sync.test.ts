import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { syncHealthChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { LEAD_HISTORY_CHUNK } from '../../../src/shared/sync/owner-history.ts';
import {
  demoSeedOptions,
  generateDataset,
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '@bullpen/salesforce-emulator';
import { runCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { emulatorOrgEnv } from '../../helpers/salesforce.ts';

interface CliReport {
  objects: {
    object: string;
    stored: number;
    fetched: number;
    rejected: number;
    apiCalls: number;
    firstRun: boolean;
  }[];
  apiCalls: number;
  durationMs: number;
}

/**
 * `sync --once` syncs an org. The emulator stands in for one here, started as an org would be
 * (credentials, a login URL); in local mode the CLI refuses, as the running app syncs its own emulator.
 */
describe('bullpen sync --once against an org (the emulator, started as one)', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;

  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function orgEnv(): Promise<Record<string, string>> {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    return emulatorOrgEnv(emulator, fixture.prefix);
  }

  it('prints correct per-object counts, API calls and duration as JSON', async () => {
    const cli = runCli(['sync', '--once', '--json'], await orgEnv());
    const { code } = await cli.exited;
    expect(code, cli.output()).toBe(0);
    const report = JSON.parse(cli.output()) as CliReport;

    // The demo data is generated relative to "now"; the same generator tells what the org holds.
    const demo = generateDataset(demoSeedOptions(Date.now()));
    const count = (name: string) =>
      (demo[name as keyof typeof demo] ?? []).filter((r) => r['IsDeleted'] !== true).length;
    const byObject = Object.fromEntries(report.objects.map((o) => [o.object, o]));
    expect(byObject['User']?.stored).toBe(count('User'));
    expect(byObject['Lead']?.stored).toBe(count('Lead'));
    expect(byObject['Task']?.stored).toBe(count('Task'));
    expect(byObject['Opportunity']?.stored).toBe(count('Opportunity'));
    expect(report.objects.every((o) => o.rejected === 0 && o.firstRun)).toBe(true);
    expect(byObject['Campaign']?.stored).toBe(count('Campaign'));
    // Seven objects, each one page of up to 2,000 rows, plus the hourly LeadStatus read, plus the
    // first run's owner-history back-fill: one LeadHistory query per 150 open leads.
    const openLeads = demo.Lead.filter((l) => l['IsConverted'] !== true && l['IsDeleted'] !== true).length;
    expect(report.apiCalls).toBe(8 + Math.ceil(openLeads / LEAD_HISTORY_CHUNK));
    expect(report.durationMs).toEqual(expect.any(Number)); // reported; its size is not asserted
    expect(await fixture.redis.hlen(`${fixture.prefix}:sf:Lead`)).toBe(count('Lead'));
  });

  it('prints a table for people and doctor warns about statuses the org does not have', async () => {
    const cli = runCli(['sync', '--once'], await orgEnv());
    expect((await cli.exited).code).toBe(0);
    expect(cli.output()).toMatch(/^object\s+mode\s+fetched\s+stored/m);
    expect(cli.output()).toMatch(/^Lead\s+rest\s+\d+\s+\d+/m);
    expect(cli.output()).toMatch(/\d+ API calls in \d+\.\d s/);

    const dir = mkdtempSync(join(tmpdir(), 'bullpen-statuses-'));
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'sla:\n  statuses:\n    untouched: [New]\n    open: [New, Working]\n');
    const checks = await syncHealthChecks(
      loadConfig({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix, BULLPEN_CONFIG: policy }),
    );
    expect(checks.find((c) => c.name === 'lead-statuses')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/not in the org: New, Working.*org has: Open - Not Contacted/),
    });
    const fine = await syncHealthChecks(
      loadConfig({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix }),
    );
    expect(fine.find((c) => c.name === 'lead-statuses')?.status).toBe('pass');
    expect(fine.find((c) => c.name === 'sync')?.status).toBe('pass');
    // `sync --once` with the local Slack has no Slack members to match people against: doctor says so.
    expect(fine.find((c) => c.name === 'people')?.status).toBe('skip');
    // No worker runs in this test, so doctor warns that nothing processes jobs.
    expect(fine.find((c) => c.name === 'workers')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/no worker/),
    });
  });
});

describe('bullpen sync --once in local mode', () => {
  const fixture = useRedis();

  it('refuses in one line and writes nothing: the running app syncs its own emulator', async () => {
    const cli = runCli(['sync', '--once'], { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix });
    const { code } = await cli.exited;
    expect(code, cli.output()).not.toBe(0);
    const lines = cli.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^bullpen sync: .*local mode.*running bullpen syncs its own Salesforce emulator/,
    );
    // Nothing reached the Redis a running local bullpen would share.
    expect(await fixture.redis.keys(`${fixture.prefix}:*`)).toEqual([]);
  });
});
