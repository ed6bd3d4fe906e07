import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../src/salesforce/connection.ts';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../src/salesforce/emulator/index.ts';
import { emulatorTarget } from '../../src/salesforce/gateway.ts';

export async function emulatorWithConnection(
  options: SalesforceEmulatorOptions = {},
): Promise<{ emulator: SalesforceEmulator; conn: Connection }> {
  const emulator = await startSalesforceEmulator(options);
  const conn = await connectSalesforce(emulatorTarget(emulator.url, '64.0'));
  return { emulator, conn };
}
