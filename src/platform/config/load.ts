import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { envSchema, SECRET_VARIABLES, URL_VARIABLES, type Env } from './env.ts';
import { maskSecretValues, redactUrl } from './redact.ts';

export type SlackSettings =
  | { mode: 'local'; apiUrl: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl: string }
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string };

export type SalesforceAuth =
  | { kind: 'jwt'; clientId: string; username: string; privateKey: string }
  | { kind: 'client_credentials'; clientId: string; clientSecret: string }
  | { kind: 'password'; clientId: string; clientSecret?: string; username: string; password: string };

export type SalesforceSettings =
  | { mode: 'emulator'; apiVersion: string }
  | { mode: 'org'; auth: SalesforceAuth; loginUrl: string; instanceUrl?: string; apiVersion: string };

/** How to read the policy file: the app composes its schema from its sections; the platform only loads it. */
export type PolicySchema<Policy> = z.ZodType<Policy>;

/** What the platform reads from the environment, whatever app runs on it. */
export interface PlatformConfig {
  env: Env;
  slack: SlackSettings;
  salesforce: SalesforceSettings;
}

/** The environment plus the app's policy, parsed by the app's schema. */
export interface Config<Policy> extends PlatformConfig {
  policy: Policy;
}

/** A configuration that cannot run. `problems` holds one line per problem, each naming its variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const isSecret = (name: string): boolean => (SECRET_VARIABLES as readonly string[]).includes(name);
const isUrl = (name: string): boolean => (URL_VARIABLES as readonly string[]).includes(name);

/** The rejected value as it is safe to echo: never a secret, and URLs without their credentials. */
function shownValue(name: string, raw: unknown): string {
  if (raw === undefined || isSecret(name)) return '';
  const shown = typeof raw === 'string' && isUrl(name) ? redactUrl(raw) : raw;
  return ` (got ${JSON.stringify(shown)})`;
}

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  source: Record<string, unknown>,
  prefix = '',
): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const name = `${prefix}${path || '(root)'}`;
    const topKey = String(issue.path[0] ?? '');
    const shown = prefix === '' ? shownValue(topKey, source[topKey]) : '';
    return `${name}: ${issue.message}${shown}`;
  });
}

/** Whatever a problem line quotes, the value of a secret variable is not printed. */
function configError(problems: string[], source: Record<string, string | undefined>): ConfigError {
  const secrets = SECRET_VARIABLES.map((name) => source[name]?.trim());
  return new ConfigError(problems.map((problem) => maskSecretValues(problem, secrets)));
}

function readPolicyFile<Policy>(
  path: string,
  policySchema: PolicySchema<Policy>,
): { policy?: Policy; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      problems: [`BULLPEN_CONFIG: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`],
    };
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    return { problems: [`BULLPEN_CONFIG: ${path} is not valid JSON/YAML: ${(error as Error).message}`] };
  }
  const parsed = policySchema.safeParse(data ?? {});
  if (!parsed.success) {
    return { problems: describeIssues(parsed.error.issues, {}, `BULLPEN_CONFIG ${path}: `) };
  }
  return { policy: parsed.data, problems: [] };
}

function slackSettings(env: Env, problems: string[]): SlackSettings {
  const apiUrl = env.SLACK_API_URL;
  if (!env.SLACK_BOT_TOKEN) {
    if (env.SLACK_APP_TOKEN) problems.push('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set');
    return { mode: 'local', apiUrl };
  }
  if (env.SLACK_APP_TOKEN) {
    return {
      mode: 'socket',
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      apiUrl,
    };
  }
  if (!env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN when SLACK_APP_TOKEN is not set (HTTP mode verifies every request)',
    );
    return { mode: 'local', apiUrl };
  }
  return { mode: 'http', botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, apiUrl };
}

function inferSalesforceAuth(env: Env): Env['SF_AUTH'] {
  if (env.SF_AUTH) return env.SF_AUTH;
  if (env.SF_PRIVATE_KEY || env.SF_PRIVATE_KEY_PATH) return 'jwt';
  if (env.SF_PASSWORD) return 'password';
  if (env.SF_CLIENT_SECRET) return 'client_credentials';
  return undefined;
}

function salesforceSettings(env: Env, problems: string[]): SalesforceSettings {
  const kind = inferSalesforceAuth(env);
  const apiVersion = env.SF_API_VERSION;
  if (!kind) return { mode: 'emulator', apiVersion };
  const need = (name: keyof Env, why: string): string => {
    const value = env[name];
    if (typeof value !== 'string' || value === '') {
      problems.push(`${name}: required for Salesforce ${kind} login (${why})`);
      return '';
    }
    return value;
  };
  const common = {
    loginUrl: env.SF_LOGIN_URL,
    ...(env.SF_INSTANCE_URL ? { instanceUrl: env.SF_INSTANCE_URL } : {}),
    apiVersion,
  };
  if (kind === 'jwt') {
    const clientId = need('SF_CLIENT_ID', "the connected app's consumer key");
    const username = need('SF_USERNAME', 'the integration user the JWT is issued for');
    let privateKey = env.SF_PRIVATE_KEY ?? '';
    if (!privateKey && env.SF_PRIVATE_KEY_PATH) {
      try {
        privateKey = readFileSync(env.SF_PRIVATE_KEY_PATH, 'utf8');
      } catch (error) {
        problems.push(
          `SF_PRIVATE_KEY_PATH: cannot read ${env.SF_PRIVATE_KEY_PATH}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
    } else if (!privateKey) {
      problems.push('SF_PRIVATE_KEY: required for Salesforce jwt login (or set SF_PRIVATE_KEY_PATH)');
    }
    if (privateKey && !privateKey.includes('PRIVATE KEY-----')) {
      problems.push('SF_PRIVATE_KEY: expected a PEM private key (-----BEGIN PRIVATE KEY-----)');
    }
    return { mode: 'org', auth: { kind, clientId, username, privateKey }, ...common };
  }
  if (kind === 'client_credentials') {
    const clientId = need('SF_CLIENT_ID', "the connected app's consumer key");
    const clientSecret = need('SF_CLIENT_SECRET', "the connected app's consumer secret");
    return { mode: 'org', auth: { kind, clientId, clientSecret }, ...common };
  }
  const clientId = need('SF_CLIENT_ID', "the connected app's consumer key");
  const username = need('SF_USERNAME', 'the integration user');
  const password = need('SF_PASSWORD', "the integration user's password");
  return {
    mode: 'org',
    auth: {
      kind,
      clientId,
      ...(env.SF_CLIENT_SECRET ? { clientSecret: env.SF_CLIENT_SECRET } : {}),
      username,
      password: password + (env.SF_SECURITY_TOKEN ?? ''),
    },
    ...common,
  };
}

/**
 * Local mode is all-or-nothing: real Slack on the demo emulator looks the demo people up in a real
 * workspace and writes "Log call" into a make-believe org (and a real org behind the simulator is
 * as misleading), so a half setup stops unless the operator asks for it by name.
 */
function halfLocalProblem(env: Env, salesforce: SalesforceSettings): string | undefined {
  const realSlack = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN);
  const realSalesforce = salesforce.mode === 'org';
  if (env.BULLPEN_LOCAL_SALESFORCE && realSalesforce) {
    return 'BULLPEN_LOCAL_SALESFORCE=1 asks for the demo Salesforce emulator, but Salesforce credentials are set: unset one or the other';
  }
  if (env.BULLPEN_LOCAL_SLACK && realSlack) {
    return 'BULLPEN_LOCAL_SLACK=1 asks for the local Slack simulator, but Slack tokens are set: unset one or the other';
  }
  if (realSlack && !realSalesforce && !env.BULLPEN_LOCAL_SALESFORCE) {
    return 'SLACK_BOT_TOKEN is set but no Salesforce credentials: set SF_CLIENT_ID and one login flow (README, "Connect Salesforce"), or BULLPEN_LOCAL_SALESFORCE=1 to use the demo emulator on purpose';
  }
  if (realSalesforce && !realSlack && !env.BULLPEN_LOCAL_SLACK) {
    return 'Salesforce credentials are set but no Slack tokens: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), or BULLPEN_LOCAL_SLACK=1 to use the local Slack simulator on purpose';
  }
  return undefined;
}

/**
 * Reads and validates all configuration. Throws ConfigError listing every problem at once, so an
 * operator fixes them in one round instead of one restart per mistake.
 */
export function loadConfig<Policy>(
  policySchema: PolicySchema<Policy>,
  source: Record<string, string | undefined> = process.env,
): Config<Policy> {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw configError(describeIssues(parsed.error.issues, source), source);
  const env = parsed.data;
  const problems: string[] = [];
  const slack = slackSettings(env, problems);
  const salesforce = salesforceSettings(env, problems);
  const halfLocal = halfLocalProblem(env, salesforce);
  if (halfLocal) problems.push(halfLocal);
  // Local mode with no policy file runs the demo company: withDemoPolicy gives its people their roles.
  let policy = policySchema.parse({});
  if (env.BULLPEN_CONFIG) {
    const file = readPolicyFile(env.BULLPEN_CONFIG, policySchema);
    problems.push(...file.problems);
    if (file.policy) policy = file.policy;
  }
  if (problems.length > 0) throw configError(problems, source);
  return { env, slack, salesforce, policy };
}
