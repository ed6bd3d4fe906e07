import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SECRET_VARIABLES } from '../platform/config/env.ts';
import { ConfigError, loadConfig, type AppConfig } from '../config.ts';
import { maskSecretValues, redactUrl } from '../platform/config/redact.ts';
import { manifestDrift, readManifest } from '../platform/slack/manifest.ts';
import { SlackRouter } from '../platform/slack/router.ts';
import { createRedis, pingRedis, redisTarget, type MasterPolicy } from '../platform/redis.ts';
import { buildFeatures, buildParts, registerSlackListeners } from '../main.ts';
import { createLogger, scrubSecrets } from '../platform/http/logger.ts';
import type { CheckStatus, DoctorCheck } from '../platform/doctor.ts';
import {
  describeSlackAuthFailure,
  REFUSED_TOKEN_FIX,
  refusedTokenError,
} from '../platform/slack/token-check.ts';

export type { CheckStatus, DoctorCheck } from '../platform/doctor.ts';

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/** A check bullpen's parts contribute (e.g. the Salesforce connector's login and API budget). */
export type ExtraCheck = (config: AppConfig) => Promise<DoctorCheck[]>;

async function checkRedis(config: AppConfig): Promise<DoctorCheck[]> {
  const where = redactUrl(config.env.REDIS_URL);
  const result = await pingRedis(redisTarget(config.env));
  if (!result.ok) {
    return [
      {
        name: 'redis',
        status: 'fail',
        required: true,
        detail: `cannot reach Redis${config.env.REDIS_CLUSTER ? ' Cluster' : ''} at ${where} (${result.error})`,
        fix: config.env.REDIS_CLUSTER
          ? 'start the Cluster nodes or point REDIS_URL at one of its masters (REDIS_CLUSTER=1)'
          : 'start Redis (redis-server) or point REDIS_URL at a running instance',
      },
    ];
  }
  if (result.cluster) return clusterChecks(where, result.cluster);
  const checks: DoctorCheck[] = [
    { name: 'redis', status: 'pass', required: true, detail: `reachable at ${where}` },
  ];
  const eviction = evictionCheck([{ address: where, ...result }]);
  return eviction ? [...checks, eviction] : checks;
}

const EVICTION_FIX = 'set maxmemory-policy noeviction (and enable AOF persistence) on production Redis';

/** BullMQ loses jobs when Redis evicts keys: every node must say noeviction (unreadable: not judged). */
function evictionCheck(nodes: MasterPolicy[]): DoctorCheck | undefined {
  const evicting = nodes.filter((n) => n.maxmemoryPolicy !== undefined && n.maxmemoryPolicy !== 'noeviction');
  if (evicting.length === 0) return undefined;
  const policies = evicting.map((n) =>
    nodes.length > 1 ? `${n.address} ${n.maxmemoryPolicy}` : n.maxmemoryPolicy,
  );
  return {
    name: 'redis-eviction',
    status: 'warn',
    required: false,
    detail: `maxmemory-policy is ${policies.join(', ')}; BullMQ may lose jobs when Redis evicts keys`,
    fix: nodes.length > 1 ? `${EVICTION_FIX}, on every master` : EVICTION_FIX,
  };
}

function clusterChecks(where: string, cluster: { state: string; masters: MasterPolicy[] }): DoctorCheck[] {
  const detail = `Redis Cluster through ${where}: ${cluster.masters.length} masters, cluster_state:${cluster.state}`;
  if (cluster.state !== 'ok') {
    const fix = 'every slot must be served: check `redis-cli --cluster check` on a master';
    return [{ name: 'redis', status: 'fail', required: true, detail, fix }];
  }
  const unread = cluster.masters.filter((m) => m.maxmemoryPolicy === undefined).length;
  const policyNote = unread > 0 ? `; eviction policy unreadable on ${unread} (CONFIG refused)` : '';
  const checks: DoctorCheck[] = [
    { name: 'redis', status: 'pass', required: true, detail: detail + policyNote },
  ];
  const eviction = evictionCheck(cluster.masters);
  return eviction ? [...checks, eviction] : checks;
}

async function checkSlack(config: AppConfig): Promise<DoctorCheck[]> {
  const slack = config.slack;
  if (slack.mode === 'local' && config.salesforce.mode === 'org') {
    return [
      {
        name: 'slack',
        status: 'warn',
        required: false,
        detail:
          'BULLPEN_LOCAL_SLACK=1: the local Slack simulator stands in for Slack while Salesforce is a real org',
        fix: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET and unset BULLPEN_LOCAL_SLACK before people rely on bullpen',
      },
    ];
  }
  if (slack.mode === 'local') {
    return [
      {
        name: 'slack',
        status: 'skip',
        required: false,
        detail: 'no SLACK_BOT_TOKEN: bullpen runs in local mode',
        fix: 'create the Slack app from manifests/slack-app.yml and set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (with Salesforce credentials: local mode is all-or-nothing)',
      },
    ];
  }
  const client = new WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: 5_000,
  });
  try {
    const auth = await client.auth.test();
    return [
      {
        name: 'slack',
        status: 'pass',
        required: true,
        detail: `auth.test ok: bot ${auth.user ?? '?'} in workspace ${auth.team ?? '?'} (${slack.mode} mode)`,
      },
    ];
  } catch (error) {
    return [
      {
        name: 'slack',
        status: 'fail',
        required: true,
        detail: describeSlackAuthFailure(error),
        fix: refusedTokenError(error)
          ? REFUSED_TOKEN_FIX
          : 'check that SLACK_API_URL is reachable from here; if the token is wrong, reinstall the app and copy the Bot User OAuth Token into SLACK_BOT_TOKEN',
      },
    ];
  }
}

/**
 * Every feature built on an app and a Redis client that never connect: their Slack surface (to
 * compare with the manifest) and their doctor checks.
 */
function offlineFeatures(config: AppConfig) {
  const app = new App({
    token: 'xoxb-doctor-offline',
    signingSecret: 'offline',
    tokenVerificationEnabled: false,
  });
  const router = new SlackRouter(app);
  const logger = createLogger({ level: 'silent' });
  const redis = createRedis(redisTarget(config.env), 'commands', { lazyConnect: true });
  const parts = buildParts({
    config,
    logger,
    redis,
    slack: { botToken: 'xoxb-doctor-offline', apiUrl: config.slack.apiUrl },
  });
  const features = buildFeatures(parts).all;
  registerSlackListeners(router, features);
  redis.disconnect();
  return { surface: router.surface, doctorChecks: features.flatMap((f) => f.doctorChecks ?? []) };
}

export function registeredSurface(config: AppConfig) {
  return offlineFeatures(config).surface;
}

function checkManifest(surface: ReturnType<typeof registeredSurface>): DoctorCheck[] {
  try {
    const { manifest } = readManifest();
    const drift = manifestDrift(surface, manifest);
    const problems = [
      ...drift.missingFromManifest.map((x) => `${x} is registered in code but missing from the manifest`),
      ...drift.missingFromCode.map((x) => `${x} is in the manifest but not registered in code`),
    ];
    if (problems.length === 0) {
      return [
        {
          name: 'manifest',
          status: 'pass',
          required: true,
          detail: 'manifests/slack-app.yml matches the code',
        },
      ];
    }
    return [
      {
        name: 'manifest',
        status: 'fail',
        required: true,
        detail: problems.join('; '),
        fix: 'update manifests/slack-app.yml, then paste it into the app config page on api.slack.com',
      },
    ];
  } catch (error) {
    return [
      {
        name: 'manifest',
        status: 'fail',
        required: true,
        detail: `cannot read manifests/slack-app.yml: ${(error as Error).message}`,
        fix: 'restore manifests/slack-app.yml from the repository',
      },
    ];
  }
}

export async function runDoctor(
  source: Record<string, string | undefined> = process.env,
  extraChecks: ExtraCheck[] = [],
): Promise<DoctorReport> {
  let config: AppConfig;
  try {
    config = loadConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const checks: DoctorCheck[] = error.problems.map((problem) => ({
      name: 'config',
      status: 'fail',
      required: true,
      detail: problem,
      fix: 'see .env.example for every variable, its meaning and default',
    }));
    return { ok: false, checks: redacted(checks, source) };
  }
  const checks: DoctorCheck[] = [
    {
      name: 'config',
      status: 'pass',
      required: true,
      detail: `valid (ROLE=${config.env.ROLE}, Slack ${config.slack.mode}, Salesforce ${config.salesforce.mode})`,
    },
  ];
  const features = offlineFeatures(config);
  const results = await Promise.all([
    checkRedis(config),
    checkSlack(config),
    ...extraChecks.map((check) => check(config)),
    ...features.doctorChecks.map((check) => check(config.env)),
  ]);
  checks.push(...results.flat(), ...checkManifest(features.surface));
  return { ok: checks.every((c) => !(c.required && c.status === 'fail')), checks: redacted(checks, source) };
}

/**
 * Checks quote error messages from Redis, Slack and Salesforce clients, which may quote a URL with
 * its credentials or a token: what doctor prints (text or JSON) goes through one scrub.
 */
function redacted(checks: DoctorCheck[], source: Record<string, string | undefined>): DoctorCheck[] {
  const secrets = SECRET_VARIABLES.map((name) => source[name]?.trim());
  const clean = (text: string): string => maskSecretValues(scrubSecrets(text), secrets);
  return checks.map((check) => ({
    ...check,
    detail: clean(check.detail),
    ...(check.fix ? { fix: clean(check.fix) } : {}),
  }));
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const head = `${LABEL[c.status]}  ${c.name.padEnd(16)} ${c.detail}`;
    return c.fix && c.status !== 'pass' ? `${head}\n      fix: ${c.fix}` : head;
  });
  lines.push(
    report.ok ? 'bullpen doctor: all required checks passed' : 'bullpen doctor: some required checks failed',
  );
  return lines.join('\n');
}
