import { emulatorOrgEnv } from '../../helpers/salesforce.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { syncHealthChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { buildParts, type AppParts as Services } from '../../../src/main.ts';
import { syncHealthSection } from '../../../src/features/sync-health/slack/home-section.ts';
import { runCli } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });

const orgEnv = emulatorOrgEnv;

interface ReportedObject {
  object: string;
  access: string;
  stored: number;
  nextRetryAt?: string;
  droppedFields?: string[];
  warning?: string;
}

describe('sync with objects and fields the integration user cannot read', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let services: Services | undefined;

  afterEach(async () => {
    await services?.jobs.close(1000);
    services = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function setup(): Promise<{ emu: SalesforceEmulator; svc: Services }> {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    const config = loadConfig(orgEnv(emulator, fixture.prefix));
    services = buildParts({
      config,
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    await services.salesforce.start();
    return { emu: emulator, svc: services };
  }

  const queriesOf = (emu: SalesforceEmulator, object: string): number =>
    emu.requests.filter((r) => r.soql !== undefined && new RegExp(`FROM ${object}\\b`).test(r.soql)).length;

  const sync = async (svc: Services) => {
    const report = await runSync(svc, { force: true, matchPeople: false });
    if (!report) throw new Error('sync did not run');
    return {
      report,
      byObject: Object.fromEntries(report.objects.map((o) => [o.object, o as unknown as ReportedObject])),
    };
  };

  it.each(['Event', 'Opportunity', 'Campaign', 'CampaignMember'])(
    '%s unreadable: the rest syncs, it is "no access", and it is asked again only after an hour',
    async (object) => {
      const { emu, svc } = await setup();
      emu.controls.denyObject(object);
      const before = Date.now();
      const { byObject } = await sync(svc);
      for (const required of ['User', 'Lead', 'Task']) {
        expect(byObject[required]).toMatchObject({ access: 'ok' });
        expect(byObject[required]?.stored).toBeGreaterThan(0);
      }
      expect(byObject[object]).toMatchObject({ access: 'no-access', stored: 0 });
      expect(byObject[object]?.warning).toMatch(new RegExp(`sObject type '${object}' is not supported`));
      const retryAt = Date.parse(byObject[object]?.nextRetryAt ?? '');
      expect(retryAt).toBeGreaterThanOrEqual(before + 3600_000);
      expect(queriesOf(emu, object)).toBe(1);

      // A second run does not spend a request on the object it cannot read.
      const second = await sync(svc);
      expect(second.byObject[object]).toMatchObject({ access: 'no-access' });
      expect(queriesOf(emu, object)).toBe(1);

      // An hour on (the stored retry time has passed) and access granted: it syncs again.
      const accessKey = `${fixture.prefix}:sf:sync:access`;
      const stored = JSON.parse((await fixture.redis.hget(accessKey, object)) ?? '{}') as {
        nextRetryAt: string;
      };
      expect(Date.parse(stored.nextRetryAt)).toBe(retryAt);
      await fixture.redis.hset(
        accessKey,
        object,
        JSON.stringify({ ...stored, nextRetryAt: new Date(before - 1000).toISOString() }),
      );
      emu.controls.allowObject(object);
      const third = await sync(svc);
      expect(queriesOf(emu, object)).toBe(2);
      expect(third.byObject[object]).toMatchObject({ access: 'ok' });
      expect(await fixture.redis.hget(accessKey, object)).toBeNull();
    },
  );

  it('a required object unreadable fails the sync with a message naming it', async () => {
    const { emu, svc } = await setup();
    emu.controls.denyObject('Lead');
    await expect(runSync(svc, { force: true, matchPeople: false })).rejects.toThrow(
      /cannot read Lead, which bullpen requires.*give the integration user read access to Lead/i,
    );
  });

  it('a field the org lacks is dropped from the query with a warning; the object still syncs', async () => {
    const { emu, svc } = await setup();
    emu.controls.hideField('Lead', 'Rating');
    const { byObject } = await sync(svc);
    expect(byObject['Lead']).toMatchObject({ access: 'ok', droppedFields: ['Rating'] });
    expect(byObject['Lead']?.stored).toBeGreaterThan(100);
    const lead = await svc.store.get('Lead', String([...emu.store.records('Lead')][0]?.['Id']));
    expect(lead?.Rating ?? null).toBeNull();

    // The next run remembers: no failing query first.
    const failedBefore = emu.requests.filter((r) => r.status === 400).length;
    const second = await sync(svc);
    expect(second.byObject['Lead']).toMatchObject({ access: 'ok', droppedFields: ['Rating'] });
    expect(emu.requests.filter((r) => r.status === 400).length).toBe(failedBefore);
  });

  it('`sync --once --json`, doctor and the admin Home say which objects have no access', async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    emulator.controls.denyObject('Campaign');
    const env = orgEnv(emulator, fixture.prefix);
    const cli = runCli(['sync', '--once', '--json'], env);
    expect((await cli.exited).code, cli.output()).toBe(0);
    const report = JSON.parse(cli.output()) as { objects: ReportedObject[] };
    expect(report.objects.find((o) => o.object === 'Campaign')).toMatchObject({ access: 'no-access' });
    expect(report.objects.find((o) => o.object === 'Lead')).toMatchObject({ access: 'ok' });

    const checks = await syncHealthChecks(loadConfig(env));
    expect(checks.find((c) => c.name === 'salesforce-access')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/no access: Campaign/),
    });

    services = buildParts({
      config: loadConfig(env),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    const viewer = { roles: new Set(['admin']), now: new Date() } as unknown as Parameters<
      ReturnType<typeof syncHealthSection>['render']
    >[0];
    const blocks = await syncHealthSection(services).render(viewer, 50);
    expect(JSON.stringify(blocks)).toMatch(/Campaign: no access/);
  });
});
