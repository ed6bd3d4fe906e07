import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/platform/redis.ts';
import { isStoreUnavailable } from '../../../src/platform/slack/store-guard.ts';
import { freePort } from '../../helpers/process.ts';

describe('the store guard on Redis Cluster', () => {
  it("takes a Cluster client's refusal while it has no slot map for a database outage", async () => {
    // Nothing listens on the port: the client never learns the slots, as in a whole-Cluster outage.
    const cluster = createCluster(
      `redis://127.0.0.1:${await freePort()}`,
      {},
      { enableOfflineQueue: false, clusterRetryStrategy: () => null },
    );
    cluster.on('error', () => {});
    try {
      const error: unknown = await cluster.get('any-key').then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(String(error)).toMatch(/Cluster isn't ready/);
      expect(isStoreUnavailable(error)).toBe(true);
    } finally {
      cluster.disconnect();
    }
  });

  it('does not take an unrelated refused connection for one', () => {
    expect(isStoreUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:443'))).toBe(false);
  });
});
