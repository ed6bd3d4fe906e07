import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIntegrationUser } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;

interface CsvLead {
  Id: string;
  Company: string;
  IsDeleted: string;
}

const collect = async <T>(stream: AsyncIterable<unknown>): Promise<T[]> => {
  const rows: T[] = [];
  for await (const row of stream) rows.push(row as T);
  return rows;
};

describe('Salesforce emulator: Bulk API 2.0 query', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({
      seed: { leads: 2_500, tasksPerLead: 1, now: Date.parse('2025-06-02T15:00:00Z') },
      bulkPollsBeforeComplete: 1,
    });
    conn = new Connection({ oauth2: { clientId, clientSecret, loginUrl: emulator.url }, version: '64.0' });
    await conn.login(username, password);
    conn.bulk2.pollInterval = 10;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('runs a query job through jsforce and returns every matching row', async () => {
    const deleted = [...emulator.store.records('Lead')].slice(0, 5).map((lead) => String(lead['Id']));
    for (const id of deleted) emulator.store.delete('Lead', id);
    emulator.requests.length = 0;

    const stream = await conn.bulk2.query("SELECT Id, Company, IsDeleted FROM Lead WHERE Company != 'x'");
    const rows = await collect<CsvLead>(stream);
    expect(rows).toHaveLength(2_495);
    expect(rows.some((row) => deleted.includes(row.Id))).toBe(false);
    expect(rows[0]).toEqual({
      Id: expect.stringMatching(/^00Q/),
      Company: expect.any(String),
      IsDeleted: 'false',
    });
    // create, InProgress poll, JobComplete poll, one results page: each one an API call.
    expect(
      emulator.requests.map(
        (entry) => `${entry.method} ${entry.path.replace(/^\/services\/data\/v64\.0/, '')}`,
      ),
    ).toEqual([
      'POST /jobs/query',
      expect.stringMatching(/^GET \/jobs\/query\/750/),
      expect.stringMatching(/^GET \/jobs\/query\/750/),
      expect.stringMatching(/^GET \/jobs\/query\/750[a-zA-Z0-9]{15}\/results$/),
    ]);
    expect(emulator.controls.apiUsage().used).toBeGreaterThanOrEqual(4);

    const all = await collect<CsvLead>(
      await conn.bulk2.query('SELECT Id, IsDeleted FROM Lead', { scanAll: true }),
    );
    expect(all).toHaveLength(2_500);
    expect(
      all
        .filter((row) => row.IsDeleted === 'true')
        .map((row) => row.Id)
        .sort(),
    ).toEqual([...deleted].sort());
  });

  it('pages results with Sforce-Locator and maxRecords, as CSV', async () => {
    const headers = { Authorization: `Bearer ${conn.accessToken ?? ''}`, 'content-type': 'application/json' };
    const base = `${emulator.url}/services/data/v64.0/jobs/query`;
    const created = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        operation: 'query',
        query: 'SELECT Id, Email, LastActivityDate FROM Lead ORDER BY Id',
      }),
    });
    const job = (await created.json()) as { id: string; state: string };
    expect(job.state).toBe('UploadComplete');
    const poll = async () =>
      ((await (await fetch(`${base}/${job.id}`, { headers })).json()) as { state: string }).state;
    expect(await poll()).toBe('InProgress');
    expect(await poll()).toBe('JobComplete');

    let locator: string | null = '';
    const lines: string[] = [];
    const pageSizes: string[] = [];
    while (locator !== 'null' && locator !== null) {
      const query = locator === '' ? '?maxRecords=1000' : `?maxRecords=1000&locator=${locator}`;
      const response = await fetch(`${base}/${job.id}/results${query}`, { headers });
      expect(response.headers.get('content-type')).toBe('text/csv');
      locator = response.headers.get('sforce-locator');
      pageSizes.push(response.headers.get('sforce-numberofrecords') ?? '');
      const [header, ...rows] = (await response.text()).trimEnd().split('\n');
      expect(header).toBe('"Id","Email","LastActivityDate"');
      lines.push(...rows);
    }
    // The first test deleted five leads.
    expect(pageSizes).toEqual(['1000', '1000', '495']);
    expect(lines).toHaveLength(2_495);
    // Open leads were never touched: their LastActivityDate is null, sent as an empty cell.
    expect(lines.some((line) => line.endsWith(','))).toBe(true);
  });

  it('rejects bad SOQL when the job is created', async () => {
    await expect(conn.bulk2.query('SELECT Nope FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
  });
});
