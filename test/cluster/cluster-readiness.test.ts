import { afterEach, describe, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { readinessOf } from '../../src/platform/http/readiness.ts';
import { createRedis } from '../../src/platform/redis.ts';
import { startRedisCluster, type OwnRedisCluster } from '../helpers/redis-cluster.ts';
import { hasRedisServer, warnIfNoRedisServer } from '../helpers/redis-server.ts';

/*
 * /readyz while a Redis Cluster is down: the Cluster client keeps commands queued until a node
 * answers again, so a readiness ping without a deadline waited for the outage to end and the probe
 * never got an answer. It must say "not ready" instead.
 */

warnIfNoRedisServer('the Redis Cluster readiness test');

describe.runIf(hasRedisServer)('readiness on a Redis Cluster that goes down', () => {
  let cluster: OwnRedisCluster | undefined;
  let redis: Cluster | undefined;
  afterEach(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  it('reports Redis not ready instead of waiting for it', async () => {
    cluster = await startRedisCluster(3);
    redis = createRedis({ url: cluster.seedUrl, cluster: true }, 'commands') as Cluster;
    redis.on('error', () => undefined);
    const readiness = readinessOf(redis, { phase: 'started' }, false);
    expect((await readiness()).find((check) => check.name === 'redis')?.ok).toBe(true);

    await cluster.stop();

    // Twice: the first command after the drop fails with the closed connection; later ones queue.
    for (let probe = 0; probe < 2; probe += 1) {
      const redisCheck = (await readiness()).find((check) => check.name === 'redis');
      expect(redisCheck?.ok).toBe(false);
    }
  }, 60_000);
});
