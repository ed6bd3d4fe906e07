import type { Redis } from 'ioredis';
import type { Connection } from 'jsforce';
import type { SalesforceSettings } from '../config/load.ts';
import { demoIntegrationUser } from '../../../packages/demo-company/src/people.ts';
import type { Logger } from '../http/logger.ts';
import type { Keyspace } from '../redis.ts';
import { connectSalesforce, requestToken, type SalesforceTarget } from './connection.ts';
import { LoginBackoff, readLoginBackoff, type LoginBackoffState } from './login-backoff.ts';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '../../../packages/salesforce-emulator/src/index.ts';

/** How bullpen logs in to the embedded emulator: the demo integration user, password flow. */
export function emulatorTarget(url: string, apiVersion: string): SalesforceTarget {
  return {
    auth: {
      kind: 'password',
      clientId: demoIntegrationUser.clientId,
      clientSecret: demoIntegrationUser.clientSecret,
      username: demoIntegrationUser.username,
      password: demoIntegrationUser.password,
    },
    loginUrl: url,
    apiVersion,
  };
}

/**
 * bullpen's one way to Salesforce: a real org when credentials are configured, otherwise the
 * embedded emulator seeded with the demo company. Logs in lazily and once; jsforce re-logs in by
 * itself when a session expires.
 */
export class SalesforceGateway {
  private readonly settings: SalesforceSettings;
  private readonly logger: Logger;
  private emulator: SalesforceEmulator | undefined;
  private target: SalesforceTarget | undefined;
  private connecting: Promise<Connection> | undefined;
  private loginState: { ok: boolean; detail: string } | undefined;
  private readonly backoff: LoginBackoff | undefined;
  private readonly timeoutMs: number | undefined;
  private readonly shared: { redis: Redis; keys: Keyspace } | undefined;

  /** With Redis, refused logins back off across every process sharing it (see login-backoff.ts). */
  constructor(
    settings: SalesforceSettings,
    logger: Logger,
    options: { redis?: Redis; keys?: Keyspace; now?: () => Date; timeoutMs?: number } = {},
  ) {
    this.settings = settings;
    this.logger = logger;
    this.timeoutMs = options.timeoutMs;
    if (options.redis && options.keys) {
      this.shared = { redis: options.redis, keys: options.keys };
      this.backoff = new LoginBackoff({
        redis: options.redis,
        keys: options.keys,
        ...(options.now ? { now: options.now } : {}),
      });
    }
  }

  /** The login backoff in force, if logins are failing; null when they are not. */
  async loginBackoff(): Promise<LoginBackoffState | null> {
    return this.shared ? readLoginBackoff(this.shared.redis, this.shared.keys) : null;
  }

  get mode(): SalesforceSettings['mode'] {
    return this.settings.mode;
  }

  /** Starts the emulator in local mode; a no-op for a real org. */
  async start(options: { emulatorPort?: number } = {}): Promise<void> {
    if (this.target) return;
    if (this.settings.mode === 'org') {
      this.target = {
        auth: this.settings.auth,
        loginUrl: this.settings.loginUrl,
        ...(this.settings.instanceUrl ? { instanceUrl: this.settings.instanceUrl } : {}),
        apiVersion: this.settings.apiVersion,
        ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
      };
      return;
    }
    this.emulator = await startSalesforceEmulator({ port: options.emulatorPort ?? 0, seed: 'demo' });
    this.target = {
      ...emulatorTarget(this.emulator.url, this.settings.apiVersion),
      ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
    };
    this.logger.info(
      { url: this.emulator.url },
      `Salesforce emulator (demo data) listening on ${this.emulator.url}`,
    );
  }

  /** The running emulator in local mode, for tests and the demo. */
  get localEmulator(): SalesforceEmulator | undefined {
    return this.emulator;
  }

  connection(): Promise<Connection> {
    if (!this.target) return Promise.reject(new Error('SalesforceGateway.start() has not run'));
    const target = this.target;
    const backoff = this.backoff;
    const login = backoff ? (t: SalesforceTarget) => backoff.guard(() => requestToken(t)) : requestToken;
    this.connecting ??= connectSalesforce(target, { login }).then(
      (conn) => {
        this.loginState = { ok: true, detail: `logged in at ${conn.instanceUrl}` };
        return conn;
      },
      (error: unknown) => {
        this.connecting = undefined;
        this.loginState = { ok: false, detail: (error as Error).message };
        throw error;
      },
    );
    return this.connecting;
  }

  /**
   * The outcome of the last login, without logging in again: readiness probes must not hammer the
   * token endpoint (repeated failed logins can lock the integration user out).
   */
  get loginStatus(): { ok: boolean; detail: string } | undefined {
    return this.loginState;
  }

  async close(): Promise<void> {
    await this.emulator?.close();
    this.emulator = undefined;
  }
}
