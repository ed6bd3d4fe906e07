import { createHmac, createVerify, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SalesforceStore } from './store.ts';

/**
 * The OAuth 2.0 token endpoint (password, client-credentials and JWT-bearer grants) and the bearer
 * sessions it hands out. Failures use Salesforce's shapes: HTTP 400 with `error` and
 * `error_description`.
 */

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface UserPassword {
  username: string;
  password: string;
}

interface Session {
  userId: string;
  expiresAtMs: number;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  create(userId: string): string {
    const token = `00D!${randomBytes(24).toString('base64url')}`;
    this.#sessions.set(token, { userId, expiresAtMs: this.#now() + this.#ttlMs });
    return token;
  }

  /** The user behind a live token, or null when the token is unknown or expired. */
  resolve(token: string): string | null {
    const session = this.#sessions.get(token);
    if (session === undefined) return null;
    if (session.expiresAtMs <= this.#now()) {
      this.#sessions.delete(token);
      return null;
    }
    return session.userId;
  }

  expireAll(): void {
    this.#sessions.clear();
  }
}

const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('password'),
    client_id: z.string(),
    client_secret: z.string().optional(),
    username: z.string(),
    password: z.string(),
  }),
  z.object({
    grant_type: z.literal('client_credentials'),
    client_id: z.string(),
    client_secret: z.string(),
  }),
  z.object({
    grant_type: z.literal('urn:ietf:params:oauth:grant-type:jwt-bearer'),
    assertion: z.string(),
  }),
]);

const jwtClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.string().optional(),
  exp: z.number(),
});

const jwtHeaderSchema = z.object({ alg: z.literal('RS256') });

export interface TokenEndpointContext {
  store: SalesforceStore;
  sessions: SessionRegistry;
  client: ClientCredentials;
  users: readonly UserPassword[];
  /** The user client-credentials tokens run as (Salesforce's "Run As" user). */
  runAsUserId: string;
  /** PEM public key; when set, JWT signatures are verified, otherwise only their claims are. */
  jwtPublicKey: string | undefined;
  baseUrl: string;
  orgId: string;
  nowMs: number;
}

type TokenResult = { status: number; body: Record<string, string> };

const failure = (error: string, description: string): TokenResult => ({
  status: 400,
  body: { error, error_description: description },
});
const authenticationFailure = (): TokenResult => failure('invalid_grant', 'authentication failure');

const activeUserId = (store: SalesforceStore, username: string): string | null => {
  const wanted = username.toLowerCase();
  for (const user of store.records('User')) {
    if (typeof user['Username'] === 'string' && user['Username'].toLowerCase() === wanted) {
      return user['IsActive'] === true ? String(user['Id']) : null;
    }
  }
  return null;
};

const decodeJwtPart = (part: string | undefined): unknown => {
  if (part === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

const jwtUserId = (assertion: string, context: TokenEndpointContext): string | TokenResult => {
  const parts = assertion.split('.');
  const header = jwtHeaderSchema.safeParse(decodeJwtPart(parts[0]));
  const claims = jwtClaimsSchema.safeParse(decodeJwtPart(parts[1]));
  const signature = parts[2];
  if (
    parts.length !== 3 ||
    !header.success ||
    !claims.success ||
    signature === undefined ||
    signature === ''
  ) {
    return failure('invalid_grant', 'invalid assertion');
  }
  if (context.jwtPublicKey !== undefined) {
    const verifier = createVerify('RSA-SHA256').update(`${parts[0] ?? ''}.${parts[1] ?? ''}`);
    if (!verifier.verify(context.jwtPublicKey, Buffer.from(signature, 'base64url'))) {
      return failure('invalid_grant', 'invalid assertion');
    }
  }
  if (claims.data.iss !== context.client.clientId)
    return failure('invalid_client_id', 'client identifier invalid');
  if (claims.data.exp * 1000 <= context.nowMs) return failure('invalid_grant', 'expired authorization code');
  const userId = activeUserId(context.store, claims.data.sub);
  return userId ?? failure('invalid_grant', "user hasn't approved this consumer");
};

export const handleTokenRequest = (form: URLSearchParams, context: TokenEndpointContext): TokenResult => {
  const parsed = tokenRequestSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return form.has('grant_type')
      ? failure('unsupported_grant_type', 'grant type not supported')
      : failure('invalid_request', 'grant_type is required');
  }
  const request = parsed.data;
  let userId: string | null;
  switch (request.grant_type) {
    case 'password': {
      if (request.client_id !== context.client.clientId)
        return failure('invalid_client_id', 'client identifier invalid');
      if (request.client_secret !== undefined && request.client_secret !== context.client.clientSecret) {
        return failure('invalid_client', 'invalid client credentials');
      }
      const known = context.users.find(
        (user) =>
          user.username.toLowerCase() === request.username.toLowerCase() &&
          user.password === request.password,
      );
      userId = known === undefined ? null : activeUserId(context.store, known.username);
      if (userId === null) return authenticationFailure();
      break;
    }
    case 'client_credentials':
      if (request.client_id !== context.client.clientId)
        return failure('invalid_client_id', 'client identifier invalid');
      if (request.client_secret !== context.client.clientSecret) {
        return failure('invalid_client', 'invalid client credentials');
      }
      userId = context.runAsUserId;
      break;
    default: {
      const result = jwtUserId(request.assertion, context);
      if (typeof result !== 'string') return result;
      userId = result;
    }
  }
  const issuedAt = String(context.nowMs);
  const id = `${context.baseUrl}/id/${context.orgId}/${userId}`;
  return {
    status: 200,
    body: {
      access_token: context.sessions.create(userId),
      instance_url: context.baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      signature: createHmac('sha256', context.client.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'api',
    },
  };
};
