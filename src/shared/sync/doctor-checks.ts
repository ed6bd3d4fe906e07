import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { PlatformConfig } from '../../platform/config/load.ts';
import { withDoctorRedis, type DoctorCheck } from '../../platform/doctor.ts';
import type { SlaPolicy } from '../sla/sla-policy.ts';
import { appKeyspace, createRedis, redisTarget } from '../../platform/redis.ts';
import { peopleKey } from '../people/people.ts';
import { lastHeartbeat } from '../../platform/jobs/heartbeat.ts';
import { connectSalesforce, requestToken } from '../../platform/salesforce/connection.ts';
import { LoginBackoff } from '../../platform/salesforce/login-backoff.ts';
import { FEATURES_NEEDING, ObjectAccessRegistry } from './sync-access.ts';
import { ownerHistoryCheck } from './owner-history.ts';
import { lastSyncSuccess, rejectedRowCount, storedLeadStatuses, syncStateKeys } from './sync-state.ts';
import { changeStreamCheck } from './change-stream-doctor.ts';
import { readStreamHealth } from './change-stream-state.ts';

/** Workers write a heartbeat every 30 s; four missed beats mean none is running. */
const HEARTBEAT_STALE_MS = 120_000;

const limitsSchema = z
  .object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }) })
  .loose();

const FIX_BY_FLOW = {
  jwt: 'check SF_CLIENT_ID (consumer key), SF_USERNAME, that the certificate uploaded to the connected app matches SF_PRIVATE_KEY, and that the user is pre-authorized for the app',
  client_credentials:
    'check SF_CLIENT_ID/SF_CLIENT_SECRET, that client credentials flow is enabled with a "Run As" user, and that SF_LOGIN_URL is your My Domain',
  password:
    'check SF_USERNAME/SF_PASSWORD (+ SF_SECURITY_TOKEN) and that the connected app allows the username-password flow',
} as const;

async function apiBudgetCheck(conn: Connection, config: PlatformConfig): Promise<DoctorCheck> {
  const path = `/services/data/v${config.salesforce.apiVersion}/limits`;
  const limits = limitsSchema.parse(await conn.request(path));
  const used = limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining;
  const share = limits.DailyApiRequests.Max > 0 ? used / limits.DailyApiRequests.Max : 0;
  const over = share >= config.env.SF_API_BUDGET_WARN_SHARE;
  return {
    name: 'salesforce-api',
    status: over ? 'warn' : 'pass',
    required: false,
    detail: `${used} of ${limits.DailyApiRequests.Max} daily API requests used (${Math.round(share * 100)}%)${over ? '; sync has slowed down' : ''}`,
    ...(over
      ? { fix: 'find what else spends the org API allocation, or raise SF_SYNC_INTERVAL_SECONDS' }
      : {}),
  };
}

/** With no Salesforce credentials there is no login to check: say what runs instead. */
function emulatorCheck(config: PlatformConfig): DoctorCheck {
  if (config.slack.mode !== 'local') {
    return {
      name: 'salesforce',
      status: 'warn',
      required: false,
      detail:
        'BULLPEN_LOCAL_SALESFORCE=1: real Slack runs on the embedded emulator with demo people and data',
      fix: 'set SF_CLIENT_ID and one login flow and unset BULLPEN_LOCAL_SALESFORCE before people rely on bullpen',
    };
  }
  return {
    name: 'salesforce',
    status: 'skip',
    required: false,
    detail: 'no Salesforce credentials: bullpen uses its embedded emulator with demo data',
    fix: 'set SF_CLIENT_ID and the variables of one login flow (see README, "Connect Salesforce")',
  };
}

/** Salesforce login and API budget (real orgs only). */
export async function salesforceLoginChecks(config: PlatformConfig): Promise<DoctorCheck[]> {
  const sf = config.salesforce;
  if (sf.mode === 'emulator') return [emulatorCheck(config)];
  const redis = createRedis(redisTarget(config.env), 'commands', {
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  // doctor must not add to failed logins: while bullpen backs off, the guard reports instead of trying.
  const backoff = await redis.connect().then(
    () => new LoginBackoff({ redis, keys: appKeyspace(config.env) }),
    () => null,
  );
  try {
    const target = {
      auth: sf.auth,
      loginUrl: sf.loginUrl,
      ...(sf.instanceUrl ? { instanceUrl: sf.instanceUrl } : {}),
      apiVersion: sf.apiVersion,
      timeoutMs: config.env.SF_TIMEOUT_MS,
    };
    const conn = await connectSalesforce(
      target,
      backoff ? { login: (t) => backoff.guard(() => requestToken(t)) } : {},
    );
    const login: DoctorCheck = {
      name: 'salesforce',
      status: 'pass',
      required: true,
      detail: `${sf.auth.kind} login ok at ${conn.instanceUrl}`,
    };
    return [login, await apiBudgetCheck(conn, config)];
  } catch (error) {
    return [
      {
        name: 'salesforce',
        status: 'fail',
        required: true,
        detail: (error as Error).message,
        fix: FIX_BY_FLOW[sf.auth.kind],
      },
    ];
  } finally {
    redis.disconnect();
  }
}

/** Optional objects the integration user cannot read, and what bullpen does without them. */
async function accessCheck(access: ObjectAccessRegistry): Promise<DoctorCheck | null> {
  const noAccess = [...(await access.noAccess())];
  if (noAccess.length === 0) return null;
  const lines = noAccess.map(
    ([object, entry]) =>
      `${object} (${entry.message}; retried after ${entry.nextRetryAt}${FEATURES_NEEDING[object] ? `; without it: no ${FEATURES_NEEDING[object]}` : ''})`,
  );
  return {
    name: 'salesforce-access',
    status: 'warn',
    required: false,
    detail: `no access: ${lines.join(', ')}`,
    fix: `give the integration user read access to ${noAccess.map(([object]) => object).join(', ')} (profile or permission set)`,
  };
}

type HealthConfig = PlatformConfig & { policy: { sla: Pick<SlaPolicy, 'statuses'> } };

function workersCheck(heartbeat: Date | null): DoctorCheck {
  const fresh = heartbeat !== null && Date.now() - heartbeat.getTime() < HEARTBEAT_STALE_MS;
  if (fresh) {
    return {
      name: 'workers',
      status: 'pass',
      required: false,
      detail: `a worker ran a job at ${heartbeat.toISOString()}`,
    };
  }
  return {
    name: 'workers',
    status: 'warn',
    required: false,
    detail: heartbeat
      ? `no worker has run a job since ${heartbeat.toISOString()}`
      : 'no worker has run a job yet: nothing syncs, nudges or scores',
    fix: 'run bullpen with ROLE=worker (or all) against this Redis and REDIS_PREFIX',
  };
}

/** Configured Lead statuses the org does not have (by label or API name). */
function leadStatusesCheck(
  orgStatuses: { MasterLabel: string; ApiName?: string | null | undefined }[],
  configured: SlaPolicy['statuses'],
): DoctorCheck {
  const names = orgStatuses.flatMap((s) => (s.ApiName ? [s.MasterLabel, s.ApiName] : [s.MasterLabel]));
  const missing = [...new Set([...configured.untouched, ...configured.open, configured.disqualified])].filter(
    (status) => !names.includes(status),
  );
  if (missing.length === 0) {
    return {
      name: 'lead-statuses',
      status: 'pass',
      required: false,
      detail: 'configured Lead statuses exist in the org',
    };
  }
  return {
    name: 'lead-statuses',
    status: 'warn',
    required: false,
    detail: `configured Lead statuses not in the org: ${missing.join(', ')} (org has: ${names.join(', ')})`,
    fix: "set sla.statuses in the policy file to the org's Lead Status values",
  };
}

function lastSyncCheck(last: string | null, config: HealthConfig): DoctorCheck {
  const staleAfterMs = config.env.SF_SYNC_INTERVAL_SECONDS * 1000 * 5;
  if (last && Date.now() - Date.parse(last) < staleAfterMs) {
    return { name: 'sync', status: 'pass', required: false, detail: `last Salesforce sync ${last}` };
  }
  return {
    name: 'sync',
    status: 'warn',
    required: false,
    detail: last ? `last Salesforce sync ${last} is overdue` : 'no Salesforce sync has completed yet',
    // In local mode only the running bullpen's worker can sync its emulator (`sync --once` refuses).
    fix:
      config.salesforce.mode === 'emulator'
        ? 'run bullpen (`npm start`, ROLE=all or worker): its worker syncs the emulator; read its log'
        : 'run a worker (ROLE=worker or all) or `bullpen sync --once` and read its log',
  };
}

function rejectedRowsCheck(rejected: number, listKey: string): DoctorCheck | null {
  if (rejected === 0) return null;
  return {
    name: 'sync-rejected',
    status: 'warn',
    required: false,
    detail: `${rejected} Salesforce rows failed validation and were set aside (Redis list ${listKey})`,
    fix: 'inspect the rows; a custom validation or field type change in the org is the usual cause',
  };
}

/** Lead and opportunity owners the people matcher found no Slack account for. */
function peopleCheck(unmatched: string[], checkedPeople: number): DoctorCheck {
  if (checkedPeople === 0) {
    return {
      name: 'people',
      status: 'skip',
      required: false,
      detail: 'Salesforce users have not been matched to Slack yet (a worker does it after each sync)',
    };
  }
  const people = unmatched.map(
    (json) => JSON.parse(json) as { name: string; email: string | null; reason: string },
  );
  if (people.length === 0) {
    return {
      name: 'people',
      status: 'pass',
      required: false,
      detail: 'no lead or opportunity owner is missing a Slack match',
    };
  }
  return {
    name: 'people',
    status: 'warn',
    required: false,
    detail: `no Slack match for ${people.map((p) => `${p.name} <${p.email ?? 'no email'}>`).join(', ')}`,
    fix: 'give them the same email in Slack, or map them in the policy file under people.slackOverrides',
  };
}

/** What the running instances left in Redis: last sync, set-aside rows, people without a Slack match. */
export async function syncHealthChecks(config: HealthConfig): Promise<DoctorCheck[]> {
  return withDoctorRedis(config.env, async ({ redis, keys }) => {
    const state = { redis, keys };
    const [heartbeat, last, rejected, unmatched, orgStatuses, checkedPeople] = await Promise.all([
      lastHeartbeat(redis, keys),
      lastSyncSuccess(state),
      rejectedRowCount(state),
      redis.hvals(peopleKey(keys, 'unmatched')),
      storedLeadStatuses(state),
      redis.hlen(peopleKey(keys, 'checked')),
    ]);
    const checks: DoctorCheck[] = [workersCheck(heartbeat)];
    if (orgStatuses) checks.push(leadStatusesCheck(orgStatuses, config.policy.sla.statuses));
    checks.push(lastSyncCheck(last, config));
    checks.push(changeStreamCheck(config.env, await readStreamHealth(state)));
    const access = await accessCheck(new ObjectAccessRegistry(redis, keys));
    if (access) checks.push(access);
    const ownerHistory = await ownerHistoryCheck(state);
    if (ownerHistory) checks.push(ownerHistory);
    const setAside = rejectedRowsCheck(rejected, syncStateKeys(keys).rejected);
    if (setAside) checks.push(setAside);
    checks.push(peopleCheck(unmatched, checkedPeople));
    return checks;
  });
}
