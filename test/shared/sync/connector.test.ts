import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoIntegrationUser, demoPeople } from '@bullpen/demo-company';
import {
  connectSalesforce,
  requestToken,
  SalesforceLoginError,
} from '../../../src/platform/salesforce/connection.ts';
import { salesforceLoginChecks } from '../../../src/shared/sync/doctor-checks.ts';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadConfig } from '../../../src/config.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('Salesforce logins against the emulator', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('JWT bearer: a signed assertion logs in; a key the org does not know is refused', async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty', jwtPublicKey: publicPem });
    const conn = await connectSalesforce({
      auth: {
        kind: 'jwt',
        clientId: demoIntegrationUser.clientId,
        username: demoIntegrationUser.username,
        privateKey: privatePem,
      },
      loginUrl: emulator.url,
      apiVersion: '64.0',
    });
    const result = await conn.query<{ MasterLabel: string }>('SELECT MasterLabel FROM LeadStatus');
    expect(result.records.map((r) => r.MasterLabel)).toContain('Open - Not Contacted');
    expect(conn.version).toBe('64.0');

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    await expect(
      requestToken({
        auth: {
          kind: 'jwt',
          clientId: demoIntegrationUser.clientId,
          username: demoIntegrationUser.username,
          privateKey: String(other),
        },
        loginUrl: emulator.url,
        apiVersion: '64.0',
      }),
    ).rejects.toBeInstanceOf(SalesforceLoginError);
  });

  it('client credentials and username-password flows; a wrong password names the flow and the host', async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty' });
    const cc = await connectSalesforce({
      auth: {
        kind: 'client_credentials',
        clientId: demoIntegrationUser.clientId,
        clientSecret: demoIntegrationUser.clientSecret,
      },
      loginUrl: emulator.url,
      apiVersion: '64.0',
    });
    expect(cc.instanceUrl).toBe(emulator.url);
    const wrong = requestToken({
      auth: {
        kind: 'password',
        clientId: demoIntegrationUser.clientId,
        clientSecret: demoIntegrationUser.clientSecret,
        username: demoIntegrationUser.username,
        password: 'not-the-password',
      },
      loginUrl: emulator.url,
      apiVersion: '64.0',
    });
    await expect(wrong).rejects.toThrow(new RegExp(`password login at ${emulator.url} failed`));
    await expect(wrong).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('re-logs in once on INVALID_SESSION_ID for flows without a refresh token', async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    const conn = await connectSalesforce({
      auth: {
        kind: 'client_credentials',
        clientId: demoIntegrationUser.clientId,
        clientSecret: demoIntegrationUser.clientSecret,
      },
      loginUrl: emulator.url,
      apiVersion: '64.0',
    });
    const before = conn.accessToken;
    emulator.controls.expireAllSessions();
    const users = await conn.query<{ Email: string }>('SELECT Email FROM User');
    expect(users.records.map((u) => u.Email)).toContain(demoPeople[0]?.email);
    expect(conn.accessToken).not.toBe(before);
    const tokenCalls = emulator.requests.filter((r) => r.path === '/services/oauth2/token');
    expect(tokenCalls).toHaveLength(2);
  });

  it('doctor reports a working org login and its API budget, and a failing one with the fix', async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty', apiLimit: 1000 });
    emulator.controls.setApiUsage(900);
    const good = await salesforceLoginChecks(
      loadConfig({
        SF_CLIENT_ID: demoIntegrationUser.clientId,
        SF_CLIENT_SECRET: demoIntegrationUser.clientSecret,
        SF_LOGIN_URL: emulator.url,
        BULLPEN_LOCAL_SLACK: '1',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: fixture.prefix,
      }),
    );
    expect(good.find((c) => c.name === 'salesforce')?.status).toBe('pass');
    expect(good.find((c) => c.name === 'salesforce-api')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/of 1000 daily API requests used \(90%\)/),
    });

    const bad = await salesforceLoginChecks(
      loadConfig({
        SF_CLIENT_ID: demoIntegrationUser.clientId,
        SF_CLIENT_SECRET: 'wrong',
        SF_LOGIN_URL: emulator.url,
        BULLPEN_LOCAL_SLACK: '1',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: fixture.prefix,
      }),
    );
    expect(bad[0]).toMatchObject({
      name: 'salesforce',
      status: 'fail',
      required: true,
      fix: expect.stringMatching(/SF_CLIENT_SECRET/),
    });
  });
});
