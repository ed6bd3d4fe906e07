import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIntegrationUser, demoRepIds } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;
const START_MS = Date.parse('2025-03-03T12:00:00.000Z');
const LEAD_COUNT = 4_500;

interface LeadRow {
  Id: string;
  Company: string;
  LeadSource: string | null;
  SystemModstamp: string;
}

describe('Salesforce emulator: SOQL queries', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  let nowMs = START_MS;

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty', now: () => nowMs });
    emulator.store.load('User', []);
    const sources = ['Webinar', 'Trade Show', 'Web', 'Partner Referral', null];
    for (let index = 0; index < LEAD_COUNT; index += 1) {
      nowMs = START_MS - (LEAD_COUNT - index) * 60_000;
      emulator.store.insert('Lead', {
        LastName: `Lead ${index}`,
        Company: index % 10 === 0 ? `Acme ${index}` : `Globex ${index}`,
        LeadSource: sources[index % sources.length],
      });
    }
    nowMs = START_MS;
    conn = new Connection({ oauth2: { clientId, clientSecret, loginUrl: emulator.url }, version: '64.0' });
    await conn.login(username, password);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('pages with the batchSize header and snapshots the result set at query time', async () => {
    emulator.requests.length = 0;
    const headers = { 'Sforce-Query-Options': 'batchSize=1500' };
    const first = await conn.query<LeadRow>('SELECT Id, Company FROM Lead', { headers });
    expect(first).toMatchObject({ totalSize: LEAD_COUNT, done: false });
    expect(first.records).toHaveLength(1500);
    expect((first.records[0] as Record<string, unknown> | undefined)?.['attributes']).toEqual({
      type: 'Lead',
      url: `/services/data/v64.0/sobjects/Lead/${first.records[0]?.Id ?? ''}`,
    });
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v64\.0\/query\/01g[a-zA-Z0-9]{15}-1500$/);

    // A lead added after the query started is not part of its pages.
    emulator.store.insert('Lead', { LastName: 'Late', Company: 'Latecomer' });
    // The locator remembers the batch size the query was opened with.
    const second = await conn.queryMore<LeadRow>(first.nextRecordsUrl ?? '');
    const third = await conn.queryMore<LeadRow>(second.nextRecordsUrl ?? '');
    expect([second.records.length, third.records.length, third.done]).toEqual([1500, 1500, true]);
    const ids = new Set([...first.records, ...second.records, ...third.records].map((row) => row.Id));
    expect(ids.size).toBe(LEAD_COUNT);
    expect(emulator.requests.filter((entry) => entry.api)).toHaveLength(3);
    expect(emulator.requests[0]?.soql).toBe('SELECT Id, Company FROM Lead');
  });

  it('clamps batchSize to 200-2000 and autoFetches every page', async () => {
    emulator.requests.length = 0;
    const result = await conn
      .query<LeadRow>('SELECT Id FROM Lead', { headers: { 'Sforce-Query-Options': 'batchSize=50' } })
      .run({ autoFetch: true, maxFetch: 1_000_000 });
    expect(result.records.length).toBe(LEAD_COUNT + 1);
    expect(emulator.requests.filter((entry) => entry.api)).toHaveLength(Math.ceil((LEAD_COUNT + 1) / 200));
  });

  it('hides soft-deleted rows from query but not from queryAll', async () => {
    const victim = (await conn.query<LeadRow>("SELECT Id FROM Lead WHERE Company = 'Acme 10'")).records[0];
    expect(victim).toBeDefined();
    await conn.sobject('Lead').destroy(victim?.Id ?? '');
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${victim?.Id ?? ''}'`;
    expect((await conn.query(soql)).totalSize).toBe(0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(soql, { scanAll: true });
    expect(all.records).toEqual([expect.objectContaining({ Id: victim?.Id, IsDeleted: true })]);
    emulator.store.undelete('Lead', victim?.Id ?? '');
  });

  it('filters on SystemModstamp and orders by SystemModstamp, Id', async () => {
    const since = new Date(START_MS - 30 * 60_000).toISOString();
    const result = await conn.query<LeadRow>(
      `SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp > ${since} ORDER BY SystemModstamp ASC, Id ASC`,
    );
    const expected = [...emulator.store.records('Lead')].filter(
      (lead) => lead['IsDeleted'] !== true && String(lead['SystemModstamp']) > since.replace('Z', '+0000'),
    );
    // The last 29 seeded leads plus the rows earlier tests wrote at "now".
    expect(result.totalSize).toBe(expected.length);
    expect(result.totalSize).toBeGreaterThanOrEqual(30);
    const stamps = result.records.map((row) => row.SystemModstamp);
    expect(stamps).toEqual([...stamps].sort());
    expect(stamps[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const descending = await conn.query<LeadRow>(
      `SELECT Id FROM Lead WHERE SystemModstamp > ${since} ORDER BY SystemModstamp DESC, Id DESC LIMIT 5`,
    );
    expect(descending.records.map((row) => row.Id)).toEqual(
      [...result.records]
        .reverse()
        .slice(0, 5)
        .map((row) => row.Id),
    );
  });

  it('supports IN, NOT IN, LIKE, null checks, NOT and parentheses', async () => {
    const count = async (where: string) =>
      (await conn.query(`SELECT COUNT() FROM Lead WHERE ${where}`)).totalSize;
    expect(await count("LeadSource IN ('Webinar', 'Trade Show')")).toBe(1_800);
    expect(await count("LeadSource NOT IN ('Webinar', 'Trade Show')")).toBe(2_701);
    expect(await count("Company LIKE 'acme 1%'")).toBe(1 + 10 + 100);
    expect(await count('LeadSource = null')).toBe(901);
    // Every Acme lead came from a Webinar; the one late lead has no source and is not a Globex.
    expect(await count("(LeadSource = 'Webinar' OR LeadSource = null) AND NOT Company LIKE 'Globex%'")).toBe(
      451,
    );
    expect(await count("NOT (LeadSource = 'Webinar' OR LeadSource = null)")).toBe(2_700);
    expect(await count('CreatedDate = LAST_N_DAYS:7 AND IsConverted = false')).toBe(LEAD_COUNT + 1);
    // "Now" is 12:00 UTC, so YESTERDAY starts 36 hours (2,160 one-minute-apart leads) ago.
    expect(await count('CreatedDate < YESTERDAY')).toBe(LEAD_COUNT - 2_160);
    expect(await count('CreatedDate = TODAY')).toBe(720 + 1);
    expect(await count("OwnerId = '005000000000099'")).toBe(LEAD_COUNT + 1);
    expect(await count(`OwnerId IN ('${demoRepIds[0] ?? ''}')`)).toBe(0);
  });

  it('supports semi-joins on a single field', async () => {
    const lead = (await conn.query<LeadRow>("SELECT Id FROM Lead WHERE Company = 'Acme 20'")).records[0];
    await conn.sobject('Task').create({ WhoId: lead?.Id, Subject: 'Call', Status: 'Completed' });
    const touched = await conn.query<LeadRow>('SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task)');
    expect(touched.records.map((row) => row.Id)).toEqual([lead?.Id]);
  });

  it('answers INVALID_TYPE, INVALID_FIELD and MALFORMED_QUERY like Salesforce', async () => {
    await expect(conn.query('SELECT Id FROM Widget__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(conn.query('SELECT Id, Nope FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope' on entity 'Lead'"),
    });
    await expect(conn.query("SELECT Id FROM Lead WHERE IsConverted = 'yes'")).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(conn.query('SELECT Id FROM Lead WHERE CreatedDate > 2025-01-01')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(conn.query('SELECT Id FROM Lead WHERE Bullpen_Key__c = null')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(conn.query('SELECT Id Lead WHERE')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    const response = await fetch(
      `${emulator.url}/services/data/v64.0/query?q=${encodeURIComponent('SELECT Foo FROM Lead')}`,
      {
        headers: { Authorization: `Bearer ${conn.accessToken ?? ''}` },
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([
      { message: expect.stringContaining("No such column 'Foo'"), errorCode: 'INVALID_FIELD' },
    ]);
  });

  it("returns LeadStatus with the four Salesforce defaults and the relay's two", async () => {
    const statuses = await conn.query<{ MasterLabel: string; IsDefault: boolean; IsConverted: boolean }>(
      'SELECT Id, MasterLabel, IsDefault, IsConverted, SortOrder FROM LeadStatus ORDER BY SortOrder',
    );
    expect(statuses.records.map((row) => [row.MasterLabel, row.IsDefault, row.IsConverted])).toEqual([
      ['Open - Not Contacted', true, false],
      ['Working - Contacted', false, false],
      ['Closed - Converted', false, true],
      ['Closed - Not Converted', false, false],
      ['Handed Off', false, false],
      ['Nurture', false, false],
    ]);
  });
});
