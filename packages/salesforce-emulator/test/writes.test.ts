import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIntegrationUser, demoRepIds } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;
const repId = demoRepIds[0] ?? '';

const connect = async (emulator: SalesforceEmulator): Promise<Connection> => {
  const conn = new Connection({
    oauth2: { clientId, clientSecret, loginUrl: emulator.url },
    version: '64.0',
  });
  await conn.login(username, password);
  return conn;
};

const api = (emulator: SalesforceEmulator, conn: Connection, method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/services/data/v64.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${conn.accessToken ?? ''}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('Salesforce emulator: writes with bullpen metadata', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  let nowMs = Date.parse('2025-06-02T15:00:00.000Z');

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({ withBullpenMetadata: true, now: () => nowMs });
    conn = await connect(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('creates, reads, updates and soft-deletes a Lead', async () => {
    const created = await conn
      .sobject('Lead')
      .create({ LastName: 'Okafor', Company: 'Juniper Labs', LeadSource: 'Web' });
    expect(created).toEqual({ id: expect.stringMatching(/^00Q[a-zA-Z0-9]{15}$/), success: true, errors: [] });
    const lead = await conn.sobject('Lead').retrieve(created.id ?? '');
    expect(lead).toMatchObject({
      Name: 'Okafor',
      Status: 'Open - Not Contacted',
      OwnerId: demoIntegrationUser.salesforceId,
      IsConverted: false,
      IsDeleted: false,
      CreatedDate: '2025-06-02T15:00:00.000+0000',
      SystemModstamp: '2025-06-02T15:00:00.000+0000',
    });

    nowMs += 60_000;
    await conn
      .sobject('Lead')
      .update({ Id: created.id ?? '', Status: 'Closed - Not Converted', OwnerId: repId });
    const updated = emulator.store.get('Lead', created.id ?? '');
    expect(updated).toMatchObject({ Status: 'Closed - Not Converted', OwnerId: repId });
    expect(updated?.['SystemModstamp']).toBe('2025-06-02T15:01:00.000+0000');
    expect(updated?.['LastModifiedDate']).toBe('2025-06-02T15:01:00.000+0000');

    await conn.sobject('Lead').destroy(created.id ?? '');
    expect(emulator.store.get('Lead', created.id ?? '')?.['IsDeleted']).toBe(true);
    await expect(conn.sobject('Lead').retrieve(created.id ?? '')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    await expect(conn.sobject('Lead').update({ Id: created.id ?? '', Status: 'x' })).rejects.toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
  });

  it('reports missing required fields, unknown fields and read-only fields', async () => {
    const response = await api(emulator, conn, 'POST', '/sobjects/Lead', { Company: 'No Name Inc.' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([
      {
        message: 'Required fields are missing: [LastName]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['LastName'],
      },
    ]);
    await expect(
      conn.sobject('Lead').create({ LastName: 'x', Company: 'y', Shoe_Size__c: 9 }),
    ).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(
      conn.sobject('Lead').create({ LastName: 'x', Company: 'y', IsConverted: true }),
    ).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    });
    await expect(conn.sobject('Task').create({ WhoId: 'not-an-id', Subject: 'x' })).rejects.toMatchObject({
      errorCode: 'MALFORMED_ID',
    });
  });

  it('makes TaskSubtype create-only and moves the Lead LastActivityDate on a completed Task', async () => {
    const lead = await conn.sobject('Lead').create({ LastName: 'Patel', Company: 'Cobalt Energy' });
    const before = emulator.store.get('Lead', lead.id ?? '');
    expect(before?.['LastActivityDate']).toBeNull();
    nowMs += 60_000;
    const task = await conn.sobject('Task').create({
      WhoId: lead.id,
      OwnerId: repId,
      Subject: 'Call',
      TaskSubtype: 'Call',
      Type: 'Call',
      Status: 'Completed',
      ActivityDate: '2025-06-02',
    });
    const after = emulator.store.get('Lead', lead.id ?? '');
    expect(after?.['LastActivityDate']).toBe('2025-06-02');
    expect(after?.['SystemModstamp']).not.toBe(before?.['SystemModstamp']);
    expect(emulator.store.get('Task', task.id ?? '')).toMatchObject({ TaskSubtype: 'Call', IsClosed: true });

    const response = await api(emulator, conn, 'PATCH', `/sobjects/Task/${task.id ?? ''}`, {
      TaskSubtype: 'Email',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['TaskSubtype'] }),
    ]);
  });

  it('upserts Tasks by Bullpen_Key__c idempotently', async () => {
    const lead = await conn.sobject('Lead').create({ LastName: 'Sato', Company: 'Harbor Freight' });
    const body = { WhoId: lead.id, Subject: 'Email', TaskSubtype: 'Email', Status: 'Completed' };
    const first = await api(emulator, conn, 'PATCH', '/sobjects/Task/Bullpen_Key__c/slack-evt-1', body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; created: boolean };
    expect(created).toMatchObject({ success: true, created: true, errors: [] });

    const { TaskSubtype: _subtype, ...withoutSubtype } = body;
    const again = await conn
      .sobject('Task')
      .upsert({ ...withoutSubtype, Bullpen_Key__c: 'slack-evt-1' }, 'Bullpen_Key__c');
    expect(again).toMatchObject({ id: created.id, success: true, created: false });
    const tasks = await conn.query(
      `SELECT Id, Bullpen_Key__c FROM Task WHERE Bullpen_Key__c = 'slack-evt-1'`,
    );
    expect(tasks.totalSize).toBe(1);

    await expect(
      conn.sobject('Task').create({ Subject: 'dup', Bullpen_Key__c: 'SLACK-EVT-1' }),
    ).rejects.toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
  });

  it('writes up to 200 records per composite call, with allOrNone rollback', async () => {
    const records = Array.from({ length: 200 }, (_, index) => ({
      LastName: `Batch ${index}`,
      Company: 'Composite Co',
    }));
    const created = await conn.sobject('Lead').create(records);
    expect(created).toHaveLength(200);
    expect(created.every((result) => result.success)).toBe(true);

    const tooMany = await api(emulator, conn, 'POST', '/composite/sobjects', {
      records: [...records, records[0]].map((record) => ({ attributes: { type: 'Lead' }, ...record })),
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual([expect.objectContaining({ errorCode: 'EXCEEDED_ID_LIMIT' })]);

    const mixed = await conn
      .sobject('Lead')
      .create([{ LastName: 'Good', Company: 'Fine' }, { Company: 'Missing last name' }], { allOrNone: true });
    expect(mixed.map((result) => result.success)).toEqual([false, false]);
    // On the wire (and so in jsforce's results, whatever its types say) per-record errors carry statusCode.
    expect(mixed[0]?.errors[0]).toMatchObject({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' });
    expect(mixed[1]?.errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
    expect((await conn.query("SELECT COUNT() FROM Lead WHERE Company = 'Fine'")).totalSize).toBe(0);

    const partial = await conn
      .sobject('Lead')
      .create([{ LastName: 'Good', Company: 'Fine' }, { Company: 'Missing last name' }], {
        allOrNone: false,
      });
    expect(partial.map((result) => result.success)).toEqual([true, false]);

    const ids = created.slice(0, 3).map((result) => result.id ?? '');
    const updates = await conn
      .sobject('Lead')
      .update(ids.map((Id) => ({ Id, Status: 'Working - Contacted' })));
    expect(updates.every((result) => result.success)).toBe(true);
    const upserts = await conn.sobject('Task').upsert(
      [
        { Bullpen_Key__c: 'batch-1', Subject: 'a', WhoId: ids[0] },
        { Bullpen_Key__c: 'slack-evt-1', Subject: 'b' },
      ],
      'Bullpen_Key__c',
    );
    expect(
      upserts.map((result) => [result.success, 'created' in result ? result.created : undefined]),
    ).toEqual([
      [true, true],
      [true, false],
    ]);
    const deleted = await conn.sobject('Lead').destroy(ids);
    expect(deleted.every((result) => result.success)).toBe(true);
    expect((await conn.query(`SELECT COUNT() FROM Lead WHERE Id IN ('${ids.join("','")}')`)).totalSize).toBe(
      0,
    );
  });

  it('cascades a Lead delete to its Tasks, undeletes them together, and converts leads', async () => {
    const lead = emulator.store.insert('Lead', {
      LastName: 'Novak',
      Company: 'Summit Foods',
      OwnerId: repId,
    });
    const task = emulator.store.insert('Task', { WhoId: lead['Id'], Subject: 'Call', Status: 'Completed' });
    emulator.store.delete('Lead', String(lead['Id']));
    expect(emulator.store.get('Task', String(task['Id']))?.['IsDeleted']).toBe(true);
    emulator.store.undelete('Lead', String(lead['Id']));
    expect(emulator.store.get('Task', String(task['Id']))?.['IsDeleted']).toBe(false);

    const { lead: converted, opportunity } = emulator.store.convertLead(String(lead['Id']));
    expect(converted).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedOpportunityId: opportunity['Id'],
    });
    expect(opportunity).toMatchObject({ OwnerId: repId, StageName: 'Prospecting', IsClosed: false });
  });
});

describe('Salesforce emulator: without bullpen metadata', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startSalesforceEmulator({ seed: 'empty' });
    conn = await connect(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('has no Bullpen_Key__c field: INVALID_FIELD on query, NOT_FOUND on upsert', async () => {
    await expect(conn.query('SELECT Id, Bullpen_Key__c FROM Task')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    const response = await api(emulator, conn, 'PATCH', '/sobjects/Task/Bullpen_Key__c/abc', {
      Subject: 'x',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([
      {
        message: 'Provided external ID field does not exist or is not accessible: Bullpen_Key__c',
        errorCode: 'NOT_FOUND',
      },
    ]);
    const describe = await conn.sobject('Task').describe();
    expect(describe.fields.map((field) => field.name)).not.toContain('Bullpen_Key__c');
  });
});
