import { withDoctorRedis, type DoctorCheck, type DoctorRedisEnv } from '../../platform/doctor.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import { policyHash } from './domain/sla-index.ts';
import { slaIndexStatus } from './domain/sla-index-status.ts';
import { SlaIndexStore } from './sla-index-store.ts';

/** `bullpen doctor`'s line on the SLA index: ready, or how far its (re)build has come. */

interface IndexDoctorConfig {
  env: DoctorRedisEnv;
  policy: { sla: SlaPolicy };
}

export async function slaIndexChecks(config: IndexDoctorConfig): Promise<DoctorCheck[]> {
  return withDoctorRedis(config.env, async ({ redis, keys }) => {
    const index = new SlaIndexStore({ redis, keys });
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
  });
}
