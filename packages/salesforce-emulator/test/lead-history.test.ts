import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { demoIntegrationUser, demoRepIds } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { generateDataset, startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;
const NOW = Date.parse('2025-06-02T15:00:00.000Z');

interface HistoryRow {
  LeadId: string;
  Field: string;
  DataType: string;
  OldValue: string;
  NewValue: string;
  CreatedDate: string;
}

describe('Salesforce emulator: Lead owner history (LeadHistory)', () => {
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function connect(emu: SalesforceEmulator): Promise<Connection> {
    const conn = new Connection({ oauth2: { clientId, clientSecret, loginUrl: emu.url }, version: '64.0' });
    await conn.login(username, password);
    return conn;
  }

  it('writes an Id row and a name row per owner change, queryable by LeadId IN and ordered by CreatedDate', async () => {
    let nowMs = NOW;
    emulator = await startSalesforceEmulator({ seed: 'demo', now: () => nowMs });
    const [repA, repB, repC] = demoRepIds;
    const lead = emulator.store.insert('Lead', { LastName: 'Moved', Company: 'Moved Inc', OwnerId: repA });
    const leadId = String(lead['Id']);
    nowMs += 60_000;
    emulator.store.update('Lead', leadId, { OwnerId: repB });
    nowMs += 60_000;
    emulator.store.update('Lead', leadId, { Status: 'Working - Contacted' }); // not an owner change
    nowMs += 60_000;
    emulator.store.update('Lead', leadId, { OwnerId: repC });

    const conn = await connect(emulator);
    const result = await conn.query<HistoryRow>(
      `SELECT LeadId, Field, DataType, OldValue, NewValue, CreatedDate FROM LeadHistory WHERE Field = 'Owner' AND LeadId IN ('${leadId}') ORDER BY CreatedDate ASC`,
    );
    const idRows = result.records.filter((row) => row.DataType === 'EntityId');
    expect(result.records).toHaveLength(4);
    expect(idRows.map((row) => [row.OldValue, row.NewValue])).toEqual([
      [repA, repB],
      [repB, repC],
    ]);
    expect(idRows.map((row) => Date.parse(row.CreatedDate))).toEqual([NOW + 60_000, NOW + 180_000]);
    const textRows = result.records.filter((row) => row.DataType === 'Text');
    expect(textRows.every((row) => !/^00[5G]/.test(row.NewValue))).toBe(true);
  });

  it('cannot be written through the API, and answers INVALID_TYPE where history is not readable', async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty' });
    const conn = await connect(emulator);
    await expect(conn.sobject('LeadHistory').create({ Field: 'Owner' })).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE_FOR_OPERATION',
    });
    emulator.controls.denyObject('LeadHistory');
    await expect(conn.query('SELECT LeadId FROM LeadHistory')).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE',
    });
  });

  it('gives some demo leads a reassignment before their first touch, leaving the rest of the data as it was', () => {
    const data = generateDataset({ now: NOW });
    const idRows = data.LeadHistory.filter((row) => row['DataType'] === 'EntityId');
    expect(idRows.length).toBeGreaterThan(5);
    expect(data.LeadHistory).toHaveLength(idRows.length * 2);
    for (const row of idRows) {
      const lead = data.Lead.find((l) => l['Id'] === row['LeadId']);
      expect(lead?.['OwnerId']).toBe(row['NewValue']);
      expect(row['OldValue']).not.toBe(row['NewValue']);
      const created = Date.parse(String(lead?.['CreatedDate']));
      const firstTouch = Math.min(
        ...data.Task.filter((t) => t['WhoId'] === lead?.['Id']).map((t) =>
          Date.parse(String(t['CreatedDate'])),
        ),
      );
      const at = Date.parse(String(row['CreatedDate']));
      expect(at).toBeGreaterThanOrEqual(created);
      expect(at).toBeLessThanOrEqual(firstTouch);
    }
  });
});
