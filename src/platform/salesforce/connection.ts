import { createSign, randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { SalesforceAuth } from '../config/load.ts';
import { redactUrl, redactUrlsInText } from '../config/redact.ts';
import { applyTimeout, DEFAULT_SALESFORCE_TIMEOUT_MS } from './timeouts.ts';

/**
 * Logs in with one of the three OAuth flows bullpen supports and returns a jsforce Connection that
 * logs in again by itself: jsforce calls `refreshFn` when a call answers 401 INVALID_SESSION_ID,
 * then retries that call once.
 */

export interface SalesforceTarget {
  auth: SalesforceAuth;
  loginUrl: string;
  instanceUrl?: string;
  apiVersion: string;
  /** Per-request bound on every call, the token endpoint included (SF_TIMEOUT_MS). */
  timeoutMs?: number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().url(),
  id: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export class SalesforceLoginError extends Error {
  readonly code: string;
  /** What the token endpoint said, without the flow and host the message adds. */
  readonly description: string;
  constructor(code: string, message: string, description = message) {
    super(message);
    this.name = 'SalesforceLoginError';
    this.code = code;
    this.description = description;
  }
}

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

/** The JWT bearer assertion Salesforce expects: RS256, iss = consumer key, sub = username, aud = login host. */
export function jwtAssertion(
  auth: Extract<SalesforceAuth, { kind: 'jwt' }>,
  loginUrl: string,
  now = Date.now(),
): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: auth.clientId,
      sub: auth.username,
      aud: new URL(loginUrl).origin,
      exp: Math.floor(now / 1000) + 180,
      jti: randomUUID(),
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(auth.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

/**
 * jsforce is loaded on first use: it is about 40 MB of a process's memory, and the web role, which
 * never talks to Salesforce, would otherwise carry it (bench acks: web-process RSS).
 */
const loadJsforce = async () => import('jsforce');

export async function requestToken(target: SalesforceTarget): Promise<TokenResponse> {
  const { auth, loginUrl } = target;
  const { OAuth2 } = await loadJsforce();
  const oauth2 = applyTimeout(
    new OAuth2({
      loginUrl,
      clientId: auth.clientId,
      ...('clientSecret' in auth && auth.clientSecret ? { clientSecret: auth.clientSecret } : {}),
    }),
    target.timeoutMs ?? DEFAULT_SALESFORCE_TIMEOUT_MS,
  );
  let raw: unknown;
  try {
    if (auth.kind === 'jwt') {
      raw = await oauth2.requestToken({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: jwtAssertion(auth, loginUrl),
      });
    } else if (auth.kind === 'client_credentials') {
      raw = await oauth2.requestToken({ grant_type: 'client_credentials' });
    } else {
      raw = await oauth2.requestToken({
        grant_type: 'password',
        username: auth.username,
        password: auth.password,
      });
    }
  } catch (error) {
    const err = error as Error & { name?: string };
    throw new SalesforceLoginError(
      err.name && err.name !== 'Error' ? err.name : 'login_failed',
      `Salesforce ${auth.kind} login at ${redactUrl(loginUrl)} failed: ${redactUrlsInText(err.message)}`,
      redactUrlsInText(err.message),
    );
  }
  const parsed = tokenResponseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SalesforceLoginError(
      'bad_token_response',
      `Salesforce token endpoint at ${redactUrl(loginUrl)} sent an unexpected body`,
    );
  }
  return parsed.data;
}

export interface ConnectOptions {
  /** How to get a token, first and on every re-login; the gateway wraps it in the login backoff. */
  login?: (target: SalesforceTarget) => Promise<TokenResponse>;
}

export async function connectSalesforce(
  target: SalesforceTarget,
  { login = requestToken }: ConnectOptions = {},
): Promise<Connection> {
  const token = await login(target);
  const { Connection } = await loadJsforce();
  const conn = new Connection({
    version: target.apiVersion,
    loginUrl: target.loginUrl,
    instanceUrl: target.instanceUrl ?? token.instance_url,
    accessToken: token.access_token,
    refreshFn: (connection, callback) => {
      login(target).then(
        (fresh) => {
          connection.instanceUrl = target.instanceUrl ?? fresh.instance_url;
          callback(undefined, fresh.access_token, { ...fresh, id: fresh.id ?? '' } as never);
        },
        (error: unknown) => callback(error as Error),
      );
    },
  });
  return applyTimeout(conn, target.timeoutMs ?? DEFAULT_SALESFORCE_TIMEOUT_MS);
}

export interface ApiUsage {
  used: number;
  limit: number;
}

/** API usage from the last response's Sforce-Limit-Info header, as jsforce records it. */
export function apiUsage(conn: Connection): ApiUsage | undefined {
  const usage = conn.limitInfo?.apiUsage;
  return usage ? { used: usage.used, limit: usage.limit } : undefined;
}

export type SalesforceErrorKind = 'session' | 'api-limit' | 'login' | 'transient' | 'permanent';

/** Errors the token endpoint gives for credentials it refuses; retrying soon cannot fix them. */
const REFUSED_LOGIN = /^(invalid_|unauthorized_client|unsupported_grant_type|inactive_|INVALID_LOGIN|LOGIN_)/;

export function isRefusedLogin(error: unknown): error is SalesforceLoginError {
  return error instanceof SalesforceLoginError && REFUSED_LOGIN.test(error.code);
}

/** Sorts a failed call: what to retry soon, what to retry much later, what no retry will fix. */
export function classifySalesforceError(error: unknown): SalesforceErrorKind {
  const err = error as {
    errorCode?: string;
    name?: string;
    statusCode?: number;
    code?: string;
    message?: string;
  };
  const code = err.errorCode ?? err.name ?? '';
  if (code === 'INVALID_SESSION_ID') return 'session';
  // Refused credentials wait for the login backoff; any other failed login (a timeout, a network
  // error) is worth retrying soon.
  if (code === 'LOGIN_BACKOFF' || isRefusedLogin(error)) return 'login';
  if (error instanceof SalesforceLoginError) return 'transient';
  if (code === 'REQUEST_LIMIT_EXCEEDED' || /REQUEST_LIMIT_EXCEEDED/.test(err.message ?? ''))
    return 'api-limit';
  if (err.statusCode !== undefined && err.statusCode >= 500) return 'transient';
  if (code === 'SERVER_UNAVAILABLE' || code === 'UNABLE_TO_LOCK_ROW') return 'transient';
  if (['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(err.code ?? ''))
    return 'transient';
  if (/^ERROR_HTTP_5\d\d$/.test(code)) return 'transient';
  return 'permanent';
}
