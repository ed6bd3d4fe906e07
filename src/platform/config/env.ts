import { z } from 'zod';

/**
 * Every setting bullpen reads from the environment. `.env.example` documents each one; a test keeps
 * the two in step. Values that are secrets are listed in SECRET_VARIABLES so that error messages and
 * logs never echo them.
 */

const emptyAsUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, `expected an http(s) URL for ${what}, e.g. https://example.com`);

const redisUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'redis:' || url.protocol === 'rediss:';
    } catch {
      return false;
    }
  }, 'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `expected a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number between ${min} and ${max}`);

const share = z
  .string()
  .trim()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a share between 0 and 1, e.g. 0.8')
  .transform(Number);

/** An explicit on/off switch: 1/true or 0/false, so a typo cannot turn a mode on silently. */
const flag = z.preprocess(
  (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
  z
    .enum(['1', 'true', '0', 'false'], { message: 'expected 1 (on) or 0 (off)' })
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
);

/** Variables holding URLs: printed only through redactUrl, since a URL can carry a password. */
export const URL_VARIABLES = [
  'REDIS_URL',
  'SLACK_API_URL',
  'SF_LOGIN_URL',
  'SF_INSTANCE_URL',
  'PUBLIC_URL',
] as const;

export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SF_CLIENT_SECRET',
  'SF_PASSWORD',
  'SF_SECURITY_TOKEN',
  'SF_PRIVATE_KEY',
] as const;

export const envSchema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyAsUndefined,
      z.enum(['development', 'production', 'test']).default('development'),
    ),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    PORT: z.preprocess(emptyAsUndefined, wholeNumber(0, 65535).default(3000)),
    /** The interface the HTTP server binds; unset: 127.0.0.1 in local mode, 0.0.0.0 otherwise. */
    HOST: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[0-9A-Za-z.:-]+$/, 'expected an IP address or host name, e.g. 0.0.0.0 or 127.0.0.1')
        .optional(),
    ),
    ROLE: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.toLowerCase()) : value),
      z.enum(['web', 'worker', 'all'], { message: 'expected one of web, worker, all' }).default('all'),
    ),
    /**
     * ROLE=worker lowers its CPU priority to this nice value (0: unchanged), so a web process on the
     * same machine acks first (platform/process-priority.ts).
     */
    WORKER_NICE: z.preprocess(emptyAsUndefined, wholeNumber(0, 19).default(10)),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, wholeNumber(100, 60_000).default(8000)),
    /** The address people reach this server at (TV board links); unset: the server's own URL. */
    PUBLIC_URL: z.preprocess(emptyAsUndefined, httpUrl("bullpen's public address").optional()),

    REDIS_URL: z.preprocess(emptyAsUndefined, redisUrl.default('redis://127.0.0.1:6379')),
    REDIS_PREFIX: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "-" or "_" only (BullMQ forbids ":")')
        .default('bullpen'),
    ),
    /** REDIS_URL is a seed node of a Redis Cluster: Cluster clients, hash-tagged keys and queues. */
    REDIS_CLUSTER: flag,

    SLACK_BOT_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
    ),
    SLACK_TIMEOUT_MS: z.preprocess(emptyAsUndefined, wholeNumber(100, 120_000).default(10_000)),
    SLACK_API_URL: z.preprocess(
      emptyAsUndefined,
      httpUrl('the Slack Web API').default('https://slack.com/api/'),
    ),

    SF_LOGIN_URL: z.preprocess(
      emptyAsUndefined,
      httpUrl('the Salesforce login host').default('https://login.salesforce.com'),
    ),
    SF_INSTANCE_URL: z.preprocess(emptyAsUndefined, httpUrl('the Salesforce instance').optional()),
    SF_API_VERSION: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^\d{2,3}\.0$/, 'expected a Salesforce API version like 64.0')
        .default('64.0'),
    ),
    SF_AUTH: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['jwt', 'client_credentials', 'password'], {
          message: 'expected one of jwt, client_credentials, password',
        })
        .optional(),
    ),
    SF_CLIENT_ID: optionalString,
    SF_CLIENT_SECRET: optionalString,
    SF_USERNAME: optionalString,
    SF_PASSWORD: optionalString,
    SF_SECURITY_TOKEN: optionalString,
    SF_PRIVATE_KEY: optionalString,
    SF_PRIVATE_KEY_PATH: optionalString,
    SF_API_BUDGET_WARN_SHARE: z.preprocess(emptyAsUndefined, share.default(0.8)),
    SF_SYNC_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, wholeNumber(10, 86_400).default(120)),
    SF_LOOKBACK_DAYS: z.preprocess(emptyAsUndefined, wholeNumber(1, 3650).default(90)),
    SF_BULK_THRESHOLD: z.preprocess(emptyAsUndefined, wholeNumber(1, 100_000_000).default(10_000)),
    SF_EMULATOR_PORT: z.preprocess(emptyAsUndefined, wholeNumber(0, 65535).default(0)),
    SF_TIMEOUT_MS: z.preprocess(emptyAsUndefined, wholeNumber(100, 600_000).default(30_000)),
    /** Change Data Capture through the Pub/Sub API: 'auto' uses it where the org allows, 'off' only polls. */
    SF_CDC: z.preprocess(
      emptyAsUndefined,
      z.enum(['auto', 'off'], { message: 'expected one of auto, off' }).default('auto'),
    ),
    SF_PUBSUB_ENDPOINT: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, like api.pubsub.salesforce.com:7443')
        .default('api.pubsub.salesforce.com:7443'),
    ),
    /** With the change stream live, polling only runs as a safety net this often. */
    SF_CDC_SAFETY_NET_SECONDS: z.preprocess(emptyAsUndefined, wholeNumber(60, 86_400).default(900)),
    SLACK_SIMULATOR_PORT: z.preprocess(emptyAsUndefined, wholeNumber(0, 65535).default(3001)),

    BULLPEN_CONFIG: optionalString,
    /** Real Slack against the demo Salesforce emulator, on purpose (otherwise a half setup stops). */
    BULLPEN_LOCAL_SALESFORCE: flag,
    /** A real Salesforce org behind the local Slack simulator, on purpose. */
    BULLPEN_LOCAL_SLACK: flag,
  })
  .superRefine((env, context) => {
    // Cluster has only database 0; a /db in the URL would be silently ignored by the Cluster client.
    // (An unparsable REDIS_URL is already reported by its own schema: URL.parse gives null then.)
    const db = URL.parse(env.REDIS_URL)?.pathname.replace(/^\//, '') ?? '';
    if (env.REDIS_CLUSTER && db !== '' && db !== '0') {
      context.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: `REDIS_CLUSTER=1 takes no database number (Redis Cluster has only database 0), got /${db}`,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
