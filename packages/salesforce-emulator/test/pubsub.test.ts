import grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoRepIds } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '../src/index.ts';
import { startSalesforceEmulator } from '../src/index.ts';
import {
  authMetadata,
  login,
  pauseNock,
  pubSubClient,
  replayBytes,
  schemaLoader,
  subscribe,
  unary,
} from './pubsub-client.ts';

const repId = demoRepIds[0] ?? '';
const HOUR_MS = 3_600_000;

describe('Salesforce emulator: Pub/Sub API (Change Data Capture)', () => {
  let emulator: SalesforceEmulator;
  let nowMs = Date.parse('2025-06-02T15:00:00.000Z');
  let metadata: grpc.Metadata;
  let client: ReturnType<typeof pubSubClient>;

  let started = 0;
  /** Resolves once the emulator has taken the stream's first FetchRequest (its starting point is set). */
  const untilStarted = async () => {
    started += 1;
    await vi.waitFor(() => expect(emulator.controls.pubsubSubscriptions().started).toBe(started));
  };
  const newLead = (lastName: string) =>
    emulator.store.insert('Lead', { LastName: lastName, Company: 'Acme', OwnerId: repId });

  let resumeNock: () => void;

  beforeAll(async () => {
    resumeNock = pauseNock();
    emulator = await startSalesforceEmulator({ seed: 'empty', now: () => nowMs, pubsub: true });
    emulator.store.load('User', [
      { Id: repId, Username: 'rep@example.com', IsActive: true, Name: 'Rep', LastName: 'Rep' },
    ]);
    client = pubSubClient(emulator);
    metadata = authMetadata(emulator, await login(emulator));
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
    resumeNock();
  });

  it('serves the topic and its Avro schema', async () => {
    const topic = await unary<{ schema_id: string; can_subscribe: boolean; tenant_guid: string }>(
      (callback) => client.GetTopic({ topic_name: '/data/LeadChangeEvent' }, metadata, callback),
    );
    expect(topic).toMatchObject({ can_subscribe: true, tenant_guid: emulator.orgId });
    const schema = await unary<{ schema_json: string }>((callback) =>
      client.GetSchema({ schema_id: topic.schema_id }, metadata, callback),
    );
    const parsed = JSON.parse(schema.schema_json) as { name: string; fields: Array<{ name: string }> };
    expect(parsed.name).toBe('LeadChangeEvent');
    expect(parsed.fields[0]?.name).toBe('ChangeEventHeader');
    const names = parsed.fields.map((field) => field.name);
    expect(names).toContain('OwnerId');
    // As on Salesforce: the Id travels in the header; IsDeleted and SystemModstamp are not in events.
    expect(names.filter((name) => ['Id', 'IsDeleted', 'SystemModstamp'].includes(name))).toEqual([]);
  });

  it('streams every write as an Avro change event with a growing replay id, honouring num_requested', async () => {
    const sub = subscribe(
      client,
      metadata,
      { topic_name: '/data/LeadChangeEvent', replay_preset: 'LATEST', num_requested: 1 },
      schemaLoader(client, metadata),
    );
    await untilStarted();
    const lead = newLead('Stream');
    await vi.waitFor(() => expect(sub.events).toHaveLength(1));
    emulator.store.update('Lead', String(lead['Id']), { Status: 'Working - Contacted' });
    emulator.store.delete('Lead', String(lead['Id']));
    emulator.store.undelete('Lead', String(lead['Id']));
    expect(sub.responses[0]).toMatchObject({ pending_num_requested: 0 });
    sub.stream.write({ num_requested: 10 });
    await vi.waitFor(() => expect(sub.events).toHaveLength(4));
    const headers = sub.events.map((event) => event.value.ChangeEventHeader);
    expect(headers.map((header) => header.changeType)).toEqual(['CREATE', 'UPDATE', 'DELETE', 'UNDELETE']);
    expect(headers.every((header) => header.recordIds[0] === lead['Id'])).toBe(true);
    expect(headers[1]?.changedFields).toEqual([expect.stringMatching(/^0x[0-9A-F]+$/)]);
    expect(sub.events[0]?.value['LastName']).toBe('Stream');
    expect(sub.events[1]?.value['Status']).toBe('Working - Contacted');
    const ids = sub.events.map((event) => event.replayId);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    sub.stream.cancel();
  });

  it('resumes after a stored replay id (CUSTOM) with nothing lost or repeated', async () => {
    const loader = schemaLoader(client, metadata);
    const first = subscribe(
      client,
      metadata,
      { topic_name: '/data/LeadChangeEvent', replay_preset: 'LATEST', num_requested: 10 },
      loader,
    );
    await untilStarted();
    newLead('Before');
    await vi.waitFor(() => expect(first.events).toHaveLength(1));
    first.stream.cancel();
    const stored = first.events[0]?.replayId ?? 0n;
    newLead('While away 1');
    newLead('While away 2');
    const resumed = subscribe(
      client,
      metadata,
      {
        topic_name: '/data/LeadChangeEvent',
        replay_preset: 'CUSTOM',
        replay_id: replayBytes(stored),
        num_requested: 10,
      },
      loader,
    );
    await untilStarted();
    await vi.waitFor(() => expect(resumed.events).toHaveLength(2));
    expect(resumed.events.map((event) => event.value['LastName'])).toEqual(['While away 1', 'While away 2']);
    resumed.stream.cancel();
  });

  it('refuses a replay id older than the retention window as Salesforce does', async () => {
    const loader = schemaLoader(client, metadata);
    const sub = subscribe(
      client,
      metadata,
      { topic_name: '/data/LeadChangeEvent', replay_preset: 'LATEST', num_requested: 10 },
      loader,
    );
    await untilStarted();
    newLead('Old');
    await vi.waitFor(() => expect(sub.events).toHaveLength(1));
    sub.stream.cancel();
    nowMs += 73 * HOUR_MS;
    metadata = authMetadata(emulator, await login(emulator));
    newLead('New');
    const stale = subscribe(
      client,
      metadata,
      {
        topic_name: '/data/LeadChangeEvent',
        replay_preset: 'CUSTOM',
        // The id of the purged event itself: resuming after it would be safe, but Salesforce no longer knows it.
        replay_id: replayBytes(sub.events[0]?.replayId ?? 1n),
        num_requested: 10,
      },
      loader,
    );
    const error = await stale.ended;
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/^The Replay ID validation failed\. rpcId: /);
    expect(error.metadata.get('error-code')).toEqual([
      'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
    ]);
  });

  it('answers a bad token, and a session that expires mid-stream, with the auth error', async () => {
    const bad = authMetadata(emulator, 'not-a-token');
    await expect(
      unary((callback) => client.GetTopic({ topic_name: '/data/LeadChangeEvent' }, bad, callback)),
    ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    const sub = subscribe(
      client,
      metadata,
      { topic_name: '/data/LeadChangeEvent', replay_preset: 'LATEST', num_requested: 10 },
      schemaLoader(client, metadata),
    );
    await untilStarted();
    newLead('Warm up');
    await vi.waitFor(() => expect(sub.events).toHaveLength(1));
    emulator.controls.expireAllSessions();
    newLead('After expiry');
    const error = await sub.ended;
    expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error.metadata.get('error-code')).toEqual(['sfdc.platform.eventbus.grpc.service.auth.error']);
    metadata = authMetadata(emulator, await login(emulator));
  });

  it('sends gap and overflow events on demand, and drops streams on demand', async () => {
    const sub = subscribe(
      client,
      metadata,
      { topic_name: '/data/ChangeEvents', replay_preset: 'LATEST', num_requested: 10 },
      schemaLoader(client, metadata),
    );
    await untilStarted();
    emulator.controls.publishGap('Lead', 'GAP_UPDATE', ['00Q000000000001AAA']);
    emulator.controls.publishGap('Task', 'GAP_OVERFLOW');
    await vi.waitFor(() => expect(sub.events).toHaveLength(2));
    expect(sub.events.map((event) => event.value.ChangeEventHeader)).toMatchObject([
      { entityName: 'Lead', changeType: 'GAP_UPDATE', recordIds: ['00Q000000000001AAA'] },
      { entityName: 'Task', changeType: 'GAP_OVERFLOW', recordIds: [] },
    ]);
    emulator.controls.dropPubSubStreams();
    expect((await sub.ended).code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a topic whose entity is not selected for Change Data Capture', async () => {
    emulator.controls.setChangeDataCapture(['Lead']);
    await expect(
      unary((callback) => client.GetTopic({ topic_name: '/data/TaskChangeEvent' }, metadata, callback)),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    emulator.controls.denyObject('Lead');
    await expect(
      unary((callback) => client.GetTopic({ topic_name: '/data/LeadChangeEvent' }, metadata, callback)),
    ).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    emulator.controls.allowObject('Lead');
    emulator.controls.setChangeDataCapture(['Lead', 'Task', 'Event', 'Opportunity', 'User']);
  });
});
