import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import avro from 'avsc';
import nock from 'nock';
import { demoIntegrationUser } from '@bullpen/demo-company';
import { pubsubProtoPath } from '@bullpen/pubsub-proto';
import type { SalesforceEmulator } from '../src/index.ts';

/** A plain gRPC client on the published proto, as any Pub/Sub API subscriber would build it. */

/**
 * nock (test/helpers/setup.ts) parses every socket's first bytes as HTTP/1, and the HTTP/2 preface
 * ("PRI * HTTP/2.0") passes for a request method there, so gRPC calls hang while nock is active.
 * Files that speak gRPC switch it off for their duration; they only reach local servers anyway.
 */
export const pauseNock = (): (() => void) => {
  nock.restore();
  return () => nock.activate();
};

interface FetchResponse {
  events: Array<{ event: { id: string; schema_id: string; payload: Buffer }; replay_id: Buffer }>;
  latest_replay_id: Buffer;
  pending_num_requested: number;
}

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
interface PubSubClient extends grpc.Client {
  GetTopic(
    request: object,
    metadata: grpc.Metadata,
    callback: Callback<{ schema_id: string; can_subscribe: boolean; tenant_guid: string }>,
  ): void;
  GetSchema(request: object, metadata: grpc.Metadata, callback: Callback<{ schema_json: string }>): void;
  Subscribe(metadata: grpc.Metadata): grpc.ClientDuplexStream<object, FetchResponse>;
}

export const pubSubClient = (emulator: SalesforceEmulator): PubSubClient => {
  const definition = protoLoader.loadSync(pubsubProtoPath, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    eventbus: { v1: { PubSub: new (address: string, credentials: grpc.ChannelCredentials) => PubSubClient } };
  };
  return new loaded.eventbus.v1.PubSub(emulator.pubsubAddress ?? '', grpc.credentials.createInsecure());
};

export const login = async (emulator: SalesforceEmulator): Promise<string> => {
  const response = await fetch(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: demoIntegrationUser.clientId,
      client_secret: demoIntegrationUser.clientSecret,
      username: demoIntegrationUser.username,
      password: demoIntegrationUser.password,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
};

export const authMetadata = (emulator: SalesforceEmulator, token: string): grpc.Metadata => {
  const metadata = new grpc.Metadata();
  metadata.set('accesstoken', token);
  metadata.set('instanceurl', emulator.url);
  metadata.set('tenantid', emulator.orgId);
  return metadata;
};

export const unary = <T>(call: (callback: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    call((error, value) => (error === null && value !== undefined ? resolve(value) : reject(error))),
  );

export interface DecodedEvent {
  replayId: bigint;
  value: Record<string, unknown> & {
    ChangeEventHeader: {
      changeType: string;
      recordIds: string[];
      entityName: string;
      changedFields: string[];
    };
  };
}

/** A subscription that collects decoded events and the stream's end status. */
export const subscribe = (
  client: PubSubClient,
  metadata: grpc.Metadata,
  first: object,
  schemaFor: (schemaId: string) => Promise<avro.Type>,
) => {
  const stream = client.Subscribe(metadata);
  const events: DecodedEvent[] = [];
  const responses: FetchResponse[] = [];
  let pending = Promise.resolve();
  const ended = new Promise<grpc.ServiceError>((resolve) => stream.on('error', resolve));
  stream.on('data', (response: FetchResponse) => {
    responses.push(response);
    pending = pending.then(async () => {
      for (const item of response.events) {
        const type = await schemaFor(item.event.schema_id);
        events.push({
          replayId: item.replay_id.readBigUInt64BE(),
          value: type.fromBuffer(item.event.payload) as DecodedEvent['value'],
        });
      }
    });
  });
  stream.write(first);
  return { stream, events, responses, ended };
};

export const schemaLoader = (client: PubSubClient, metadata: grpc.Metadata) => {
  const cache = new Map<string, avro.Type>();
  return async (schemaId: string): Promise<avro.Type> => {
    const cached = cache.get(schemaId);
    if (cached !== undefined) return cached;
    const info = await unary<{ schema_json: string }>((callback) =>
      client.GetSchema({ schema_id: schemaId }, metadata, callback),
    );
    const type = avro.Type.forSchema(
      JSON.parse(info.schema_json) as Parameters<typeof avro.Type.forSchema>[0],
    );
    cache.set(schemaId, type);
    return type;
  };
};

export const replayBytes = (replayId: bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(replayId);
  return buffer;
};
