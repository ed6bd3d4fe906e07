import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { pubsubProtoPath } from '@bullpen/pubsub-proto';
import type { SessionRegistry } from '../auth.ts';
import type { EmulatorFaults } from '../faults.ts';
import type { ChangeEventBus } from './change-bus.ts';
import type { PubSubError } from './errors.ts';
import { authError, pubSubError, streamDropped, topicDenied, topicNotFound } from './errors.ts';
import type { FetchRequestMessage } from './subscription.ts';
import { Subscription } from './subscription.ts';

/**
 * The org's Pub/Sub API endpoint (gRPC, plaintext on a local port) serving Salesforce's published
 * pubsub_api.proto: GetTopic, GetSchema and Subscribe on the Change Data Capture channels
 * (/data/<Entity>ChangeEvent and /data/ChangeEvents). Every call authenticates with the metadata
 * headers Salesforce reads: accesstoken, instanceurl and tenantid.
 */

export interface PubSubServerContext {
  bus: ChangeEventBus;
  sessions: SessionRegistry;
  faults: EmulatorFaults;
  orgId: string;
  instanceUrl: () => string;
  keepaliveMs: number;
}

export interface PubSubServer {
  /** host:port for a gRPC client (plaintext). */
  address: string;
  /** Ends every open Subscribe stream with UNAVAILABLE, as a dropped connection would. */
  dropStreams(): void;
  /** Subscriptions started since the server began, and those live now. */
  stats(): { started: number; live: number };
  close(): Promise<void>;
}

const loadService = (): grpc.ServiceDefinition => {
  const definition = protoLoader.loadSync(pubsubProtoPath, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    eventbus: { v1: { PubSub: grpc.ServiceClientConstructor } };
  };
  return loaded.eventbus.v1.PubSub.service;
};

const header = (metadata: grpc.Metadata, name: string): string => String(metadata.get(name)[0] ?? '');

/** The session behind the call's headers, or null: unknown token, other org, or other instance. */
const sessionToken = (context: PubSubServerContext, metadata: grpc.Metadata): string | null => {
  const token = header(metadata, 'accesstoken');
  const instance = header(metadata, 'instanceurl').replace(/\/+$/, '');
  if (token === '' || context.sessions.resolve(token) === null) return null;
  if (instance !== context.instanceUrl() || header(metadata, 'tenantid') !== context.orgId) return null;
  return token;
};

const TOPIC = /^\/data\/([A-Za-z0-9_]+)ChangeEvent$/;

const resolveTopic = (context: PubSubServerContext, topic: string): ReadonlySet<string> | PubSubError => {
  const { bus, faults } = context;
  if (topic === '/data/ChangeEvents') {
    return new Set([...bus.enabled].filter((entity) => !faults.deniedObjects.has(entity.toLowerCase())));
  }
  const entity = TOPIC.exec(topic)?.[1];
  if (entity === undefined || !bus.schemas.has(entity) || !bus.enabled.has(entity))
    return topicNotFound(topic);
  if (faults.deniedObjects.has(entity.toLowerCase())) return topicDenied(topic);
  return new Set([entity]);
};

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

const getTopic =
  (context: PubSubServerContext): Unary<{ topic_name: string }, unknown> =>
  (call, callback) => {
    if (sessionToken(context, call.metadata) === null) return callback(authError());
    const topic = call.request.topic_name;
    const entities = resolveTopic(context, topic);
    if (!(entities instanceof Set)) return callback(entities as PubSubError);
    const entity = TOPIC.exec(topic)?.[1];
    callback(null, {
      topic_name: topic,
      tenant_guid: context.orgId,
      can_publish: false,
      can_subscribe: true,
      schema_id: entity === undefined ? '' : (context.bus.schemas.get(entity)?.schemaId ?? ''),
      rpc_id: randomUUID(),
    });
  };

const getSchema =
  (context: PubSubServerContext): Unary<{ schema_id: string }, unknown> =>
  (call, callback) => {
    if (sessionToken(context, call.metadata) === null) return callback(authError());
    const wanted = call.request.schema_id;
    const schema = [...context.bus.schemas.values()].find((candidate) => candidate.schemaId === wanted);
    if (schema === undefined) {
      return callback(
        pubSubError(
          grpc.status.NOT_FOUND,
          'sfdc.platform.eventbus.grpc.schema.not.found',
          `Schema ${wanted} was not found.`,
        ),
      );
    }
    callback(null, { schema_json: schema.schemaJson, schema_id: schema.schemaId, rpc_id: randomUUID() });
  };

const subscribe = (context: PubSubServerContext, open: Set<Subscription>, counter: { started: number }) => {
  return (call: grpc.ServerDuplexStream<FetchRequestMessage, unknown>): void => {
    const token = sessionToken(context, call.metadata);
    if (token === null) {
      call.emit('error', authError());
      return;
    }
    const subscription = new Subscription(call, {
      bus: context.bus,
      authorized: () => context.sessions.resolve(token) !== null,
      resolveTopic: (topic) => resolveTopic(context, topic),
      keepaliveMs: context.keepaliveMs,
      onStarted: () => {
        counter.started += 1;
      },
    });
    open.add(subscription);
    const stopListening = context.bus.onAppend(() => subscription.deliver());
    const finish = (): void => {
      subscription.close();
      stopListening();
      open.delete(subscription);
    };
    call.on('data', (message: FetchRequestMessage) => subscription.request(message));
    call.on('end', () => {
      finish();
      call.end();
    });
    call.on('cancelled', finish);
    call.on('error', finish);
  };
};

export const startPubSubServer = async (
  context: PubSubServerContext,
  options: { host: string; port: number },
): Promise<PubSubServer> => {
  const server = new grpc.Server();
  const open = new Set<Subscription>();
  const counter = { started: 0 };
  server.addService(loadService(), {
    GetTopic: getTopic(context),
    GetSchema: getSchema(context),
    Subscribe: subscribe(context, open, counter),
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${options.host}:${options.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error === null ? resolve(bound) : reject(error)),
    );
  });
  return {
    address: `${options.host}:${port}`,
    dropStreams: () => {
      for (const subscription of [...open]) subscription.fail(streamDropped());
    },
    stats: () => ({ started: counter.started, live: [...open].filter((sub) => sub.live).length }),
    close: async () => {
      for (const subscription of open) subscription.close();
      server.forceShutdown();
    },
  };
};
