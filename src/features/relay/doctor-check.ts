import { withDoctorRedis, type DoctorCheck, type DoctorRedisEnv } from '../../platform/doctor.ts';
import { storedLeadStatuses } from '../../shared/sync/sync-state.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { RelayPolicy } from './policy.ts';

/** The accepted status must keep the AE's first-touch clock running, or the accept is the touch. */
function acceptedStatusCheck(
  relay: Pick<RelayPolicy, 'statuses'>,
  sla: Pick<SlaPolicy, 'statuses'>,
): DoctorCheck | null {
  if (sla.statuses.untouched.includes(relay.statuses.accepted)) return null;
  return {
    name: 'relay-accepted-status',
    status: 'warn',
    required: false,
    detail: `relay.statuses.accepted "${relay.statuses.accepted}" is not an untouched SLA status: an accept counts as the AE's first touch`,
    fix: 'list it under sla.statuses.untouched (and open), or map accepted to an untouched status',
  };
}

/**
 * `bullpen doctor`'s relay check: the Lead Status values the relay writes exist in the org (read
 * from the statuses sync last stored, as the SLA statuses check does). A missing one would make
 * every hand-off fail with Salesforce's "bad value for restricted picklist".
 */
export async function relayStatusesCheck(config: {
  env: DoctorRedisEnv;
  policy: { relay: Pick<RelayPolicy, 'statuses'>; sla: Pick<SlaPolicy, 'statuses'> };
}): Promise<DoctorCheck[]> {
  const accepted = acceptedStatusCheck(config.policy.relay, config.policy.sla);
  return [...(accepted ? [accepted] : []), ...(await orgStatusesCheck(config))];
}

async function orgStatusesCheck(config: {
  env: DoctorRedisEnv;
  policy: { relay: Pick<RelayPolicy, 'statuses'> };
}): Promise<DoctorCheck[]> {
  return withDoctorRedis(config.env, async ({ redis, keys }) => {
    const org = await storedLeadStatuses({ redis, keys });
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
  });
}
