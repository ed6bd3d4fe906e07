import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoIntegrationUser } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;
const V = '/services/data/v64.0';

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const queryAll = (soql: string, referenceId: string, httpHeaders?: Record<string, string>) => ({
  method: 'GET',
  url: `${V}/queryAll?q=${encodeURIComponent(soql)}`,
  referenceId,
  ...(httpHeaders ? { httpHeaders } : {}),
});

describe('Salesforce emulator: the Composite resource', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({ seed: 'demo' });
    conn = new Connection({ oauth2: { clientId, clientSecret, loginUrl: emulator.url }, version: '64.0' });
    await conn.login(username, password);
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.requests.length = 0;
  });

  const composite = async (body: unknown) => {
    const response = await fetch(`${emulator.url}${V}/composite`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${conn.accessToken ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      limitInfo: response.headers.get('sforce-limit-info'),
      body: (await response.json()) as unknown,
    };
  };
  const results = (body: unknown) => (body as { compositeResponse: SubrequestResult[] }).compositeResponse;

  it('runs five queries in one API call, each answered as the query resource answers it', async () => {
    const objects = ['User', 'Lead', 'Task', 'Opportunity', 'Campaign'];
    const used = emulator.controls.apiUsage().used;
    const answer = await composite({
      compositeRequest: objects.map((object) => queryAll(`SELECT Id FROM ${object} ORDER BY Id`, object)),
    });
    expect(answer.status).toBe(200);
    expect(emulator.controls.apiUsage().used).toBe(used + 1);
    expect(answer.limitInfo).toBe(`api-usage=${used + 1}/100000`);
    expect(emulator.requests.filter((r) => r.api)).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.subrequest).map((r) => r.soql)).toEqual(
      objects.map((object) => `SELECT Id FROM ${object} ORDER BY Id`),
    );
    const items = results(answer.body);
    expect(items.map((item) => [item.referenceId, item.httpStatusCode])).toEqual(
      objects.map((object) => [object, 200]),
    );
    for (const [index, object] of objects.entries()) {
      const direct = await conn.query(`SELECT Id FROM ${object} ORDER BY Id`, { scanAll: true });
      expect(items[index]?.body).toMatchObject({ totalSize: direct.totalSize, done: true });
      expect((items[index]?.body as { records: unknown[] }).records).toEqual(direct.records);
    }
  });

  it('refuses a sixth query subrequest, and a 26th subrequest, as a whole', async () => {
    const six = await composite({
      compositeRequest: [1, 2, 3, 4, 5, 6].map((n) => queryAll('SELECT Id FROM Lead', `q${n}`)),
    });
    expect(six.status).toBe(400);
    expect(six.body).toEqual([
      {
        errorCode: 'INVALID_INPUT',
        message: expect.stringMatching(/more than 5 query .*subrequests; this one has 6/),
      },
    ]);
    expect(emulator.requests.some((r) => r.subrequest)).toBe(false);

    const many = await composite({
      compositeRequest: Array.from({ length: 26 }, (_, n) => ({
        method: 'GET',
        url: `${V}/sobjects/User/${demoIntegrationUser.salesforceId}`,
        referenceId: `u${n}`,
      })),
    });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body)).toMatch(/more than 25 subrequests/);

    const malformed = await composite({ compositeRequest: [{ method: 'GET', url: `${V}/limits` }] });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toMatch(/compositeRequest\.0\.referenceId.*JSON_PARSER_ERROR/);

    const header = await composite({
      compositeRequest: [{ ...queryAll('SELECT Id FROM Lead', 'a'), httpHeaders: { Authorization: 'x' } }],
    });
    expect(header.status).toBe(400);
    expect(JSON.stringify(header.body)).toMatch(/may not set the Authorization header/);
  });

  it('answers a failing query with its own error while the others succeed', async () => {
    emulator.controls.hideField('Lead', 'Rating');
    const answer = await composite({
      allOrNone: false,
      compositeRequest: [
        queryAll('SELECT Id FROM User', 'users'),
        queryAll('SELECT Id, Rating FROM Lead', 'leads'),
        queryAll('SELECT Id, Nope FROM Task', 'tasks'),
        queryAll('SELECT Id FROM Campaign', 'campaigns'),
      ],
    });
    expect(answer.status).toBe(200);
    const [users, leads, tasks, campaigns] = results(answer.body);
    expect(users?.httpStatusCode).toBe(200);
    expect(campaigns?.httpStatusCode).toBe(200);
    expect(leads).toMatchObject({
      httpStatusCode: 400,
      referenceId: 'leads',
      body: [{ errorCode: 'INVALID_FIELD', message: expect.stringMatching(/No such column 'Rating'/) }],
    });
    expect(tasks).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
    expect(emulator.requests.filter((r) => r.subrequest).map((r) => r.status)).toEqual([200, 400, 400, 200]);
  });

  it('honours Sforce-Query-Options in a subrequest; its locator pages on through queryMore', async () => {
    const answer = await composite({
      compositeRequest: [
        queryAll('SELECT Id FROM Lead', 'leads', { 'Sforce-Query-Options': 'batchSize=200' }),
      ],
    });
    const [leads] = results(answer.body);
    const page = leads?.body as {
      totalSize: number;
      done: boolean;
      nextRecordsUrl: string;
      records: unknown[];
    };
    expect(page.totalSize).toBeGreaterThan(200);
    expect(page).toMatchObject({ done: false });
    expect(page.records).toHaveLength(200);
    const next = await conn.queryMore(page.nextRecordsUrl);
    expect(next.records.length).toBe(Math.min(200, page.totalSize - 200));
  });

  it('resolves references to earlier answers; with allOrNone a failure rolls every change back', async () => {
    const created = await composite({
      compositeRequest: [
        {
          method: 'POST',
          url: `${V}/sobjects/Lead`,
          referenceId: 'lead',
          body: { LastName: 'Ref', Company: 'Ref Co' },
        },
        { method: 'GET', url: `${V}/sobjects/Lead/@{lead.id}`, referenceId: 'read' },
        { method: 'GET', url: `${V}/sobjects/Lead/@{missing.id}`, referenceId: 'dangling' },
      ],
    });
    const [lead, read, dangling] = results(created.body);
    expect(lead?.httpStatusCode).toBe(201);
    expect(read).toMatchObject({ httpStatusCode: 200, body: { Company: 'Ref Co' } });
    expect(dangling).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'PROCESSING_HALTED' }] });

    const nested = await composite({
      compositeRequest: [{ method: 'POST', url: `${V}/composite`, referenceId: 'inner', body: {} }],
    });
    expect(results(nested.body)[0]).toMatchObject({
      httpStatusCode: 400,
      body: [{ errorCode: 'INVALID_INPUT' }],
    });

    const before = emulator.store.count('Lead');
    const rolledBack = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: `${V}/sobjects/Lead`,
          referenceId: 'ok',
          body: { LastName: 'A', Company: 'A Co' },
        },
        { method: 'POST', url: `${V}/sobjects/Lead`, referenceId: 'bad', body: { Company: 'No last name' } },
        queryAll('SELECT Id FROM User', 'after'),
      ],
    });
    expect(rolledBack.status).toBe(200);
    const [ok, bad, after] = results(rolledBack.body);
    expect(bad?.httpStatusCode).toBe(400);
    expect(bad?.body).toEqual([expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING' })]);
    for (const halted of [ok, after]) {
      expect(halted).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'PROCESSING_HALTED' }] });
    }
    expect(emulator.store.count('Lead')).toBe(before);
  });
});
