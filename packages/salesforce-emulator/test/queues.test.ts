import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInboundQueue, demoIntegrationUser, demoPeople } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { generateDataset, startSalesforceEmulator } from '../src/index.ts';

const { clientId, clientSecret, username, password } = demoIntegrationUser;
const QUEUE_ID = demoInboundQueue.salesforceId;
const memberIds = demoInboundQueue.memberSlackIds.map(
  (slackId) => demoPeople.find((person) => person.slackId === slackId)?.salesforceId,
);

describe('Salesforce emulator: lead queues', () => {
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

  it('serves the demo "Inbound Web" queue, its members and what it holds through SOQL', async () => {
    const groups = await conn.query<Record<string, unknown>>(
      "SELECT Id, Name, DeveloperName, Type, SystemModstamp FROM Group WHERE Type = 'Queue'",
    );
    expect(groups.records).toEqual([
      expect.objectContaining({
        Id: QUEUE_ID,
        Name: 'Inbound Web',
        DeveloperName: 'Inbound_Web',
        Type: 'Queue',
        SystemModstamp: expect.any(String),
      }),
    ]);
    const holds = await conn.query<Record<string, unknown>>(
      "SELECT Id, QueueId, SobjectType FROM QueueSobject WHERE SobjectType = 'Lead'",
    );
    expect(holds.records).toEqual([
      expect.objectContaining({ Id: expect.stringMatching(/^03g/), QueueId: QUEUE_ID, SobjectType: 'Lead' }),
    ]);
    const members = await conn.query<{ Id: string; UserOrGroupId: string }>(
      `SELECT Id, GroupId, UserOrGroupId, SystemModstamp FROM GroupMember WHERE GroupId = '${QUEUE_ID}'`,
    );
    expect(members.records.map((member) => member.UserOrGroupId).sort()).toEqual([...memberIds].sort());
    expect(members.records.every((member) => member.Id.startsWith('011'))).toBe(true);

    // A semi-join on the queue: the leads waiting in it.
    const waiting = await conn.query<{ OwnerId: string; Status: string }>(
      "SELECT Id, OwnerId, Status FROM Lead WHERE OwnerId IN (SELECT Id FROM Group WHERE Type = 'Queue')",
    );
    expect(waiting.records).toHaveLength(3);
    expect(waiting.records.every((lead) => lead.Status === 'Open - Not Contacted')).toBe(true);
  });

  it('lets a lead be created in a queue and claimed by a user, and refuses a group that is no queue', async () => {
    const created = await conn
      .sobject('Lead')
      .create({ LastName: 'Queued', Company: 'Queue Co', OwnerId: QUEUE_ID, LeadSource: 'Web' });
    if (!created.success) throw new Error('create failed');
    expect(emulator.store.get('Lead', created.id)?.['OwnerId']).toBe(QUEUE_ID);

    await conn.sobject('Lead').update({ Id: created.id, OwnerId: memberIds[0] });
    expect(emulator.store.get('Lead', created.id)?.['OwnerId']).toBe(memberIds[0]);

    const regular = emulator.store.insert('Group', { Name: 'Book club', DeveloperName: 'Book_Club' });
    expect(regular['Type']).toBe('Regular');
    const refused = await conn
      .sobject('Lead')
      .update({ Id: created.id, OwnerId: String(regular['Id']) })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    expect(emulator.store.get('Lead', created.id)?.['OwnerId']).toBe(memberIds[0]);
  });

  it('converts a queued lead with the converting user owning the opportunity, as a queue cannot', () => {
    const lead = emulator.store.insert('Lead', {
      LastName: 'Queued',
      Company: 'Convert Co',
      OwnerId: QUEUE_ID,
    });
    const { opportunity } = emulator.store.convertLead(String(lead['Id']), { userId: memberIds[1] ?? '' });
    expect(opportunity['OwnerId']).toBe(memberIds[1]);
  });

  it('keeps generated datasets as they were: queued leads are extra, and none unless asked', () => {
    const now = Date.parse('2025-06-02T15:00:00.000Z');
    const plain = generateDataset({ now });
    const queued = generateDataset({ now, queuedLeads: 4 });
    expect(plain.Lead.some((lead) => lead['OwnerId'] === QUEUE_ID)).toBe(false);
    expect(queued.Lead.slice(0, plain.Lead.length)).toEqual(plain.Lead);
    expect(queued.Lead.filter((lead) => lead['OwnerId'] === QUEUE_ID)).toHaveLength(4);
    expect(queued.Group).toEqual(plain.Group);
  });
});
