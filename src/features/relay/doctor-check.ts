import type { DoctorCheck } from '../../platform/doctor.ts';
import { createRedis, keyspace } from '../../platform/redis.ts';
import { storedLeadStatuses } from '../../shared/sync/sync-state.ts';
import type { RelayPolicy } from './policy.ts';

/**
 * `bullpen doctor`'s relay check: the Lead Status values the relay writes exist in the org (read
 * from the statuses sync last stored, as the SLA statuses check does). A missing one would make
 * every hand-off fail with Salesforce's "bad value for restricted picklist".
 */
export async function relayStatusesCheck(config: {
  env: { REDIS_URL: string; REDIS_PREFIX: string };
  policy: { relay: Pick<RelayPolicy, 'statuses'> };
}): Promise<DoctorCheck[]> {
  const redis = createRedis(config.env.REDIS_URL, 'commands', {
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const org = await storedLeadStatuses({ redis, keys: keyspace(config.env.REDIS_PREFIX) });
    if (!org) return []; // before the first sync there is nothing to compare with
    const names = org.flatMap((s) => (s.ApiName ? [s.MasterLabel, s.ApiName] : [s.MasterLabel]));
    const missing = [...new Set(Object.values(config.policy.relay.statuses))].filter(
      (s) => !names.includes(s),
    );
    if (missing.length === 0) {
      return [
        {
          name: 'relay-statuses',
          status: 'pass',
          required: false,
          detail: "the relay's Lead statuses exist in the org",
        },
      ];
    }
    return [
      {
        name: 'relay-statuses',
        status: 'warn',
        required: false,
        detail: `relay Lead statuses not in the org: ${missing.join(', ')}`,
        fix: 'add them in Setup → Lead Status (README: "The relay"), or set relay.statuses in the policy file',
      },
    ];
  } catch {
    return []; // the Redis check already reports an unreachable Redis
  } finally {
    redis.disconnect();
  }
}
