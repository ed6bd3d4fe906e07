import type { Connection } from 'jsforce';
import { demoIntegrationUser } from '@bullpen/demo-company';
import { connectSalesforce } from '../../src/platform/salesforce/connection.ts';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '@bullpen/salesforce-emulator';
import { passwordTarget } from '../../src/platform/salesforce/gateway.ts';
import { TEST_REDIS_URL } from './redis.ts';

export async function emulatorWithConnection(
  options: SalesforceEmulatorOptions = {},
): Promise<{ emulator: SalesforceEmulator; conn: Connection }> {
  const emulator = await startSalesforceEmulator(options);
  const conn = await connectSalesforce(passwordTarget(demoIntegrationUser, emulator.url, '64.0'));
  return { emulator, conn };
}

/**
 * The environment of a "real org" that is the emulator: client credentials as the demo integration
 * user, the local Slack simulator on purpose, the test's own Redis prefix.
 */
export function emulatorOrgEnv(emulator: SalesforceEmulator, prefix: string): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BULLPEN_LOCAL_SLACK: '1',
    SF_CLIENT_ID: demoIntegrationUser.clientId,
    SF_CLIENT_SECRET: demoIntegrationUser.clientSecret,
    SF_LOGIN_URL: emulator.url,
  };
}
