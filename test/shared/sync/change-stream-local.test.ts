import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRepIds } from '@bullpen/demo-company';
import { readStreamHealth } from '../../../src/shared/sync/change-stream-state.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';

describe('local mode runs the emulator Pub/Sub API and the change stream', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;

  afterEach(async () => {
    await local?.close();
    local = undefined;
    nock.activate();
  });

  it('a lead written in the emulator reaches the store through the stream', async () => {
    // nock hangs gRPC (see test/helpers/app.ts); this test reaches only the local emulator.
    nock.restore();
    local = await startLocalBullpen(fixture.prefix, { SF_CDC: 'auto', SF_SYNC_INTERVAL_SECONDS: '3600' });
    const { services } = local.app;
    await waitFor(
      async () => ((await readStreamHealth(services))?.status === 'live' ? true : undefined),
      'live',
    );
    await waitFor(async () => ((await services.store.count('Lead')) > 0 ? true : undefined), 'back-fill');
    const lead = local.emulator.store.insert('Lead', {
      LastName: 'Local stream',
      Company: 'Acme',
      OwnerId: demoRepIds[0],
    });
    const leadId = String(lead['Id']);
    const stored = await waitFor(
      async () => (await services.store.get('Lead', leadId)) ?? undefined,
      'stored',
    );
    expect(stored.Name).toContain('Local stream');
  });
});
