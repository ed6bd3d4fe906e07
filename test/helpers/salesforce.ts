import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../src/salesforce/connection.ts';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../src/salesforce/emulator/index.ts';
import { demoIntegrationUser } from '../../src/demo/people.ts';

export async function emulatorWithConnection(
  options: SalesforceEmulatorOptions = {},
): Promise<{ emulator: SalesforceEmulator; conn: Connection }> {
  const emulator = await startSalesforceEmulator(options);
  const conn = await connectSalesforce({
    auth: {
      kind: 'password',
      clientId: demoIntegrationUser.clientId,
      clientSecret: demoIntegrationUser.clientSecret,
      username: demoIntegrationUser.username,
      password: demoIntegrationUser.password,
    },
    loginUrl: emulator.url,
    apiVersion: '64.0',
  });
  return { emulator, conn };
}
