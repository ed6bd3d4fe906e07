import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadConfig } from '../../../src/config.ts';
import { createSyncHealthFeature } from '../../../src/features/sync-health/index.ts';
import { buildParts, type AppParts } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import type { HomeViewer } from '../../../src/shared/home/section.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { emulatorOrgEnv } from '../../helpers/salesforce.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });

/** What the admin reads under "Data freshness" on App Home. */
async function freshnessText(parts: AppParts): Promise<string> {
  const [section] = createSyncHealthFeature(parts).homeSections ?? [];
  if (!section) throw new Error('sync health has no Home section');
  const viewer: HomeViewer = {
    slackUserId: 'U0ADMIN',
    salesforceUserId: null,
    roles: new Set(['admin']),
    now: new Date(),
  };
  const text = JSON.stringify(await section.render(viewer, 50));
  const freshness = /\*Data freshness\*([^"]*)/.exec(text)?.[1];
  if (freshness === undefined) throw new Error(`no Data freshness in ${text}`);
  return freshness;
}

describe("the admin's Data freshness", () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  let parts: AppParts | undefined;

  afterEach(async () => {
    await parts?.jobs.close(1000);
    parts = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  it('counts a successful sync of an object with no rows as synced', async () => {
    // An org with only the integration user: Task, Lead and the rest have no rows at all.
    emulator = await startSalesforceEmulator({ seed: 'empty' });
    parts = buildParts({
      config: loadConfig(emulatorOrgEnv(emulator, fixture.prefix)),
      logger,
      redis: fixture.connect({ maxRetriesPerRequest: 1 }),
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    await parts.salesforce.start();
    expect(await freshnessText(parts)).toContain('Task: _not synced yet_');

    const report = await runSync(parts, { force: true, matchPeople: false });
    expect(report?.objects.find((o) => o.object === 'Task')).toMatchObject({ access: 'ok', stored: 0 });

    const freshness = await freshnessText(parts);
    expect(freshness).not.toContain('not synced yet');
    expect(freshness).toMatch(/Task: synced, no records yet/);
    expect(freshness).toMatch(/User: changes up to/);
  });
});
