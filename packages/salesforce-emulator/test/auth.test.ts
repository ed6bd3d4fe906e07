import { createSign, generateKeyPairSync } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIntegrationUser } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;

const newConnection = (emulator: SalesforceEmulator) =>
  new Connection({ oauth2: { clientId, clientSecret, loginUrl: emulator.url }, version: '64.0' });

const signJwt = (claims: Record<string, unknown>, privateKey: string): string => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
};

const rawApi = (emulator: SalesforceEmulator, path: string, token: string) =>
  fetch(`${emulator.url}/services/data/v64.0${path}`, { headers: { Authorization: `Bearer ${token}` } });

describe('Salesforce emulator: OAuth and API metering', () => {
  let emulator: SalesforceEmulator;
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo', apiLimit: 50, jwtPublicKey: keys.publicKey });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('logs in with the username-password flow and runs a query', async () => {
    const conn = newConnection(emulator);
    const userInfo = await conn.login(username, password);
    expect(userInfo.id).toBe(demoIntegrationUser.salesforceId);
    expect(conn.instanceUrl).toBe(emulator.url);
    const result = await conn.query<{ Id: string; Email: string }>(
      `SELECT Id, Email FROM User WHERE Username = '${username}'`,
    );
    expect(result.records).toEqual([
      expect.objectContaining({ Id: demoIntegrationUser.salesforceId, Email: demoIntegrationUser.email }),
    ]);
  });

  it('rejects a bad password with invalid_grant', async () => {
    const conn = newConnection(emulator);
    await expect(conn.login(username, 'wrong')).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    });
    const response = await fetch(`${emulator.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: clientId,
        client_secret: clientSecret,
        username,
        password: 'nope',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'authentication failure',
    });
  });

  it('issues tokens for the client-credentials flow and rejects a wrong secret', async () => {
    const conn = newConnection(emulator);
    await conn.authorize({ grant_type: 'client_credentials' });
    expect(conn.accessToken).toBeTruthy();
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBeGreaterThan(100);

    const oauth2 = new OAuth2({ clientId, clientSecret: 'wrong', loginUrl: emulator.url });
    await expect(oauth2.requestToken({ grant_type: 'client_credentials' })).rejects.toMatchObject({
      name: 'invalid_client',
    });
  });

  it('accepts a signed JWT bearer assertion and rejects expired or forged ones', async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const claims = { iss: clientId, sub: username, aud: emulator.url, exp };
    const oauth2 = new OAuth2({ loginUrl: emulator.url });
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const token = await oauth2.requestToken({
      grant_type: grant,
      assertion: signJwt(claims, keys.privateKey),
    });
    expect(token).toMatchObject({ instance_url: emulator.url, token_type: 'Bearer' });
    expect(token.id).toContain(demoIntegrationUser.salesforceId);

    const expired = signJwt({ ...claims, exp: exp - 600 }, keys.privateKey);
    await expect(oauth2.requestToken({ grant_type: grant, assertion: expired })).rejects.toMatchObject({
      name: 'invalid_grant',
    });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    await expect(
      oauth2.requestToken({ grant_type: grant, assertion: signJwt(claims, otherKey.toString()) }),
    ).rejects.toMatchObject({ name: 'invalid_grant' });
    await expect(
      oauth2.requestToken({
        grant_type: grant,
        assertion: signJwt({ ...claims, sub: 'nobody@x' }, keys.privateKey),
      }),
    ).rejects.toMatchObject({ name: 'invalid_grant' });
  });

  it('reports API usage in Sforce-Limit-Info, which jsforce exposes as limitInfo', async () => {
    const conn = newConnection(emulator);
    await conn.login(username, password);
    emulator.controls.setApiUsage(10);
    await conn.query('SELECT Id FROM Lead LIMIT 1');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 11, limit: 50 } });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 38 });
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is used up', async () => {
    const conn = newConnection(emulator);
    await conn.login(username, password);
    emulator.controls.setApiUsage(50);
    await expect(conn.query('SELECT Id FROM Lead LIMIT 1')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    const response = await rawApi(emulator, '/limits', conn.accessToken ?? '');
    expect(response.status).toBe(403);
    expect(response.headers.get('sforce-limit-info')).toBe('api-usage=50/50');
    expect(await response.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    emulator.controls.setApiUsage(0);
  });

  it('answers 401 INVALID_SESSION_ID for expired sessions, and jsforce re-logs in by itself', async () => {
    const conn = newConnection(emulator);
    await conn.login(username, password);
    const staleToken = conn.accessToken ?? '';
    emulator.controls.expireAllSessions();
    const response = await rawApi(emulator, '/limits', staleToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);

    // A connection that only has the token cannot refresh, so it sees the error.
    const tokenOnly = new Connection({ instanceUrl: emulator.url, accessToken: staleToken, version: '64.0' });
    await expect(tokenOnly.query('SELECT Id FROM Lead LIMIT 1')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    // A password-flow connection logs in again and retries.
    const result = await conn.query('SELECT Id FROM Lead LIMIT 1');
    expect(result.records).toHaveLength(1);
    expect(conn.accessToken).not.toBe(staleToken);
  });

  it('expires sessions after sessionTtlMs', async () => {
    let nowMs = Date.now();
    const shortLived = await startSalesforceEmulator({
      seed: 'empty',
      sessionTtlMs: 1_000,
      now: () => nowMs,
    });
    try {
      const conn = new Connection({
        oauth2: { clientId, clientSecret, loginUrl: shortLived.url },
        version: '64.0',
      });
      await conn.login(username, password);
      nowMs += 2_000;
      const response = await rawApi(shortLived, '/limits', conn.accessToken ?? '');
      expect(response.status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it('injects failures for the next calls without counting them', async () => {
    const conn = newConnection(emulator);
    await conn.login(username, password);
    const before = emulator.controls.apiUsage().used;
    emulator.requests.length = 0;
    emulator.controls.failNext(1, { status: 400, errorCode: 'UNABLE_TO_LOCK_ROW', message: 'row locked' });
    await expect(conn.query('SELECT Id FROM Lead LIMIT 1')).rejects.toMatchObject({
      errorCode: 'UNABLE_TO_LOCK_ROW',
      message: 'row locked',
    });
    // jsforce retries 5xx on GET by itself (500 ms back-off), so a single 503 is invisible to callers.
    emulator.controls.failNext(1, { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'try later' });
    await conn.query('SELECT Id FROM Lead LIMIT 1');
    expect(emulator.requests.map((entry) => entry.status)).toEqual([400, 503, 200]);
    expect(emulator.controls.apiUsage().used).toBe(before + 1);
  });
});
