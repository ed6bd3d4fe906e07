import type { Connection } from 'jsforce';
import type { SalesforceSettings } from '../config/load.ts';
import type { Logger } from '../http/logger.ts';
import type { Keyspace, RedisClient } from '../redis.ts';
import { connectSalesforce, requestToken, type SalesforceTarget, type TokenResponse } from './connection.ts';
import type { PubSubCredentials, PubSubEndpoint } from './pubsub/grpc-client.ts';
import type { PubSubSession } from './pubsub/subscriber.ts';
import { LoginBackoff, readLoginBackoff, type LoginBackoffState } from './login-backoff.ts';

/** A user who logs in with the password flow, as the emulator's demo integration user does. */
export interface PasswordLogin {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** How bullpen logs in to an org that takes a username and password, such as the embedded emulator. */
export function passwordTarget(user: PasswordLogin, url: string, apiVersion: string): SalesforceTarget {
  return {
    auth: {
      kind: 'password',
      clientId: user.clientId,
      clientSecret: user.clientSecret,
      username: user.username,
      password: user.password,
    },
    loginUrl: url,
    apiVersion,
  };
}

/**
 * The Salesforce of local mode, started by src/local-mode.ts (the only code that knows the
 * emulator): where to log in, and how to stop it when the gateway closes.
 */
export interface LocalSalesforce {
  target: SalesforceTarget;
  /** The emulator's Pub/Sub API (plaintext gRPC), when it serves one. */
  pubsub?: PubSubEndpoint;
  close(): Promise<void>;
}

/** The org id from the identity URL (…/id/<orgId>/<userId>), else the session id's org prefix. */
const tenantIdOf = (token: TokenResponse | undefined, accessToken: string): string =>
  /\/id\/([^/]+)\/[^/]+$/.exec(token?.id ?? '')?.[1] ?? accessToken.split('!')[0] ?? '';

/**
 * bullpen's one way to Salesforce: a real org when credentials are configured, otherwise the local
 * emulator that start() is given. Logs in lazily and once; jsforce re-logs in by itself when a
 * session expires.
 */
export class SalesforceGateway {
  private readonly settings: SalesforceSettings;
  private readonly logger: Logger;
  private local: LocalSalesforce | undefined;
  private target: SalesforceTarget | undefined;
  private connecting: Promise<Connection> | undefined;
  private loginState: { ok: boolean; detail: string } | undefined;
  private readonly backoff: LoginBackoff | undefined;
  private readonly timeoutMs: number | undefined;
  private readonly shared: { redis: RedisClient; keys: Keyspace } | undefined;
  /** The last token response, for what the Pub/Sub API needs besides the session (the org id). */
  private lastToken: TokenResponse | undefined;

  /** With Redis, refused logins back off across every process sharing it (see login-backoff.ts). */
  constructor(
    settings: SalesforceSettings,
    logger: Logger,
    options: { redis?: RedisClient; keys?: Keyspace; now?: () => Date; timeoutMs?: number } = {},
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

  /**
   * Settles where to log in: the configured org, or in emulator mode the local Salesforce, which
   * the gateway then owns and stops on close(). Does not log in: connection() does, lazily.
   */
  async start(local?: LocalSalesforce): Promise<void> {
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
    if (!local) {
      throw new Error('Salesforce emulator mode needs the local emulator: start it with src/local-mode.ts');
    }
    this.local = local;
    this.target = { ...local.target, ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}) };
  }

  connection(): Promise<Connection> {
    if (!this.target) return Promise.reject(new Error('SalesforceGateway.start() has not run'));
    const target = this.target;
    const login = this.recordingLogin();
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

  private recordingLogin(): (target: SalesforceTarget) => Promise<TokenResponse> {
    const backoff = this.backoff;
    const base = backoff ? (t: SalesforceTarget) => backoff.guard(() => requestToken(t)) : requestToken;
    return async (target) => {
      const token = await base(target);
      this.lastToken = token;
      return token;
    };
  }

  /**
   * Where the Pub/Sub API is: the emulator's in emulator mode (null if it serves none), else the
   * configured endpoint over TLS.
   */
  pubSubEndpoint(configured: string): PubSubEndpoint | null {
    if (this.settings.mode === 'emulator') return this.local?.pubsub ?? null;
    return { address: configured, plaintext: false };
  }

  /** The session as the Pub/Sub API takes it; relogin() replaces a refused one for REST calls too. */
  pubSubSession(): PubSubSession {
    const credentials = async (): Promise<PubSubCredentials> => {
      const conn = await this.connection();
      const accessToken = conn.accessToken ?? '';
      return {
        accessToken,
        instanceUrl: conn.instanceUrl,
        tenantId: tenantIdOf(this.lastToken, accessToken),
      };
    };
    return {
      credentials,
      relogin: async () => {
        const conn = await this.connection();
        const target = this.target;
        if (!target) throw new Error('SalesforceGateway.start() has not run');
        const fresh = await this.recordingLogin()(target);
        conn.accessToken = fresh.access_token;
        conn.instanceUrl = target.instanceUrl ?? fresh.instance_url;
        return credentials();
      },
    };
  }

  /**
   * The outcome of the last login, without logging in again: readiness probes must not hammer the
   * token endpoint (repeated failed logins can lock the integration user out).
   */
  get loginStatus(): { ok: boolean; detail: string } | undefined {
    return this.loginState;
  }

  async close(): Promise<void> {
    const local = this.local;
    this.local = undefined;
    await local?.close();
  }
}
