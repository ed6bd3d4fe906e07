import type { Env } from '../../platform/config/env.ts';
import type { DoctorCheck } from '../../platform/doctor.ts';
import type { StreamHealth } from './change-stream-state.ts';

/**
 * `bullpen doctor`'s line on Change Data Capture, from what the worker running the stream last
 * reported: live (polling is a safety net), off, or why not, with what to do about it. Without the
 * stream bullpen keeps polling, so none of this fails the doctor.
 */

const ENABLE_CDC =
  'in Salesforce Setup > Change Data Capture, select Lead, Task, Event, Opportunity and User ' +
  '(five entities fit the default allocation), and let the integration user read them';

type CdcEnv = Pick<Env, 'SF_CDC' | 'SF_SYNC_INTERVAL_SECONDS' | 'SF_CDC_SAFETY_NET_SECONDS'>;

export function changeStreamCheck(env: CdcEnv, health: StreamHealth | null): DoctorCheck {
  const polling = `polling every ${env.SF_SYNC_INTERVAL_SECONDS}s`;
  const base = { name: 'change-data-capture', required: false } as const;
  if (env.SF_CDC === 'off' || health?.status === 'off') {
    return {
      ...base,
      status: 'skip',
      detail: `SF_CDC=off: ${polling}; changes reach bullpen within one polling cycle`,
      fix: `set SF_CDC=auto to see changes within seconds (${ENABLE_CDC})`,
    };
  }
  if (health === null) {
    return { ...base, status: 'skip', detail: `no worker has run the change stream yet; ${polling}` };
  }
  const since = `since ${health.since}`;
  switch (health.status) {
    case 'live':
      return {
        ...base,
        status: 'pass',
        detail: `change stream live ${since}; polling is a safety net every ${env.SF_CDC_SAFETY_NET_SECONDS}s`,
      };
    case 'unavailable':
      return {
        ...base,
        status: 'warn',
        detail: `Change Data Capture not available (${health.reason ?? 'no reason given'}) ${since}; ${polling}`,
        fix: ENABLE_CDC,
      };
    case 'stopped':
      return {
        ...base,
        status: 'skip',
        detail: `change stream stopped with its worker ${since}; ${polling}`,
      };
    default:
      return {
        ...base,
        status: 'warn',
        detail: `change stream ${health.status} ${since}${health.reason ? ` (${health.reason})` : ''}; ${polling} meanwhile`,
        fix: 'check that workers can reach SF_PUBSUB_ENDPOINT (gRPC over TLS, port 7443)',
      };
  }
}
