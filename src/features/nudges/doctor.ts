import type { DoctorCheck } from '../../platform/doctor.ts';
import { createRedis, keyspace } from '../../platform/redis.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import { policyHash } from './domain/sla-index.ts';
import { slaIndexStatus } from './domain/sla-index-status.ts';
import { SlaIndexStore } from './sla-index-store.ts';

/** `bullpen doctor`'s line on the SLA index: ready, or how far its (re)build has come. */

interface IndexDoctorConfig {
  env: { REDIS_URL: string; REDIS_PREFIX: string };
  policy: { sla: SlaPolicy };
}

export async function slaIndexChecks(config: IndexDoctorConfig): Promise<DoctorCheck[]> {
  const redis = createRedis(config.env.REDIS_URL, 'commands', {
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const index = new SlaIndexStore({ redis, keys: keyspace(config.env.REDIS_PREFIX) });
    const [readyHash, progress] = await Promise.all([index.readyPolicyHash(), index.progress()]);
    const status = slaIndexStatus({ readyHash, currentHash: policyHash(config.policy.sla), progress });
    return [
      {
        name: 'sla-index',
        status: status.ready ? 'pass' : 'warn',
        required: false,
        detail: status.detail,
        ...(status.ready
          ? {}
          : { fix: 'keep a worker running (ROLE=worker or all); it builds the index in batches' }),
      },
    ];
  } catch {
    return []; // the Redis check already reports an unreachable Redis
  } finally {
    redis.disconnect();
  }
}
