import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { relayStatusesCheck } from '../../../src/features/relay/doctor-check.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { syncStateKeys } from '../../../src/shared/sync/sync-state.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

const STOCK = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];

describe('bullpen doctor: relay statuses', () => {
  const fixture = useRedis();
  const statuses = (labels: string[]) =>
    fixture.redis.set(
      syncStateKeys(keyspace(fixture.prefix)).leadStatuses,
      JSON.stringify(labels.map((MasterLabel) => ({ MasterLabel, ApiName: MasterLabel }))),
    );
  const config = (env: Record<string, string> = {}) =>
    loadConfig({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix, ...env });

  it('says nothing before sync has read the org, warns about the two statuses a stock org lacks, passes once added', async () => {
    expect(await relayStatusesCheck(config())).toEqual([]);
    await statuses(STOCK);
    expect(await relayStatusesCheck(config())).toEqual([
      expect.objectContaining({
        name: 'relay-statuses',
        status: 'warn',
        required: false,
        detail: 'relay Lead statuses not in the org: Handed Off, Nurture',
      }),
    ]);
    await statuses([...STOCK, 'Handed Off', 'Nurture']);
    expect(await relayStatusesCheck(config())).toEqual([expect.objectContaining({ status: 'pass' })]);

    const dir = mkdtempSync(join(tmpdir(), 'bullpen-relay-'));
    writeFileSync(join(dir, 'policy.yml'), 'relay:\n  statuses:\n    accepted: Qualified\n');
    const custom = await relayStatusesCheck(config({ BULLPEN_CONFIG: join(dir, 'policy.yml') }));
    expect(custom).toEqual([
      expect.objectContaining({
        name: 'relay-accepted-status',
        detail:
          'relay.statuses.accepted "Qualified" is not an untouched SLA status: an accept counts as the AE\'s first touch',
      }),
      expect.objectContaining({ detail: 'relay Lead statuses not in the org: Qualified' }),
    ]);
  });
});
