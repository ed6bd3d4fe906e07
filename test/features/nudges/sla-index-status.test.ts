import { describe, expect, it } from 'vitest';
import { slaIndexChecks } from '../../../src/features/nudges/doctor.ts';
import { policyHash } from '../../../src/features/nudges/domain/sla-index.ts';
import { SlaIndexStore } from '../../../src/features/nudges/sla-index-store.ts';
import { slaIndexSection } from '../../../src/features/nudges/slack/sla-index-section.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

/** The SLA index's (re)build as `bullpen doctor` and the admin's Home show it. */

const policy = slaPolicySchema.parse({});
const admin = {
  slackUserId: 'U0ADMIN',
  salesforceUserId: null,
  roles: new Set(['admin' as const]),
  now: new Date(),
};

describe('SLA index status in doctor and on Home', () => {
  const fixture = useRedis();
  const setup = () => {
    const keys = keyspace(fixture.prefix);
    const index = new SlaIndexStore({ redis: fixture.redis, keys });
    const config = {
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix },
      policy: { sla: policy },
    };
    const section = slaIndexSection({
      redis: fixture.redis,
      keys,
      config: {
        ...config,
        slack: { mode: 'local' },
        salesforce: { mode: 'emulator' },
        env: { SLACK_TIMEOUT_MS: 1000, BULLPEN_CONFIG: undefined },
      },
    });
    return { index, config, section };
  };

  it('says it is not built yet, then how far a rebuild has come, then that it is ready', async () => {
    const { index, config, section } = setup();
    const [notBuilt] = await slaIndexChecks(config);
    expect(notBuilt).toMatchObject({ name: 'sla-index', status: 'warn', required: false });
    expect(notBuilt?.detail).toContain('not built yet');

    const progress = {
      policyHash: policyHash(policy),
      reason: 'SLA policy changed',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      done: 500,
      total: 2000,
    };
    await index.saveProgress(progress);
    const [rebuilding] = await slaIndexChecks(config);
    expect(rebuilding?.detail).toContain(
      'SLA index rebuilding (SLA policy changed): 500 of 2000 leads (25%)',
    );
    expect(JSON.stringify(await section.render(admin, 10))).toContain('500 of 2000 leads (25%)');

    await index.saveProgress({ ...progress, done: 2000, finishedAt: new Date().toISOString() });
    await index.markReady(policyHash(policy));
    const [ready] = await slaIndexChecks(config);
    expect(ready).toMatchObject({ status: 'pass' });
    expect(await section.render(admin, 10)).toEqual([]);

    // The nightly refresh rewrites entries of a ready index: the scan keeps reading it.
    await index.saveProgress({ ...progress, reason: 'nightly refresh', done: 10 });
    const [refreshing] = await slaIndexChecks(config);
    expect(refreshing).toMatchObject({ status: 'pass' });
    expect(refreshing?.detail).toContain('refreshing (nightly refresh): 10 of 2000 leads');
  });

  it('warns when the index was built under another policy', async () => {
    const { index, config } = setup();
    await index.markReady('an-older-policy');
    const [check] = await slaIndexChecks(config);
    expect(check).toMatchObject({ status: 'warn' });
    expect(check?.detail).toContain('built under another SLA policy');
  });

  it('is shown to admins only', () => {
    const { section } = setup();
    expect(section.appliesTo(admin)).toBe(true);
    expect(section.appliesTo({ ...admin, roles: new Set() })).toBe(false);
  });
});
