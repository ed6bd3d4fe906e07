import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { pubsubProtoPath } from '@bullpen/pubsub-proto';
import { z } from 'zod';

/**
 * A gRPC client for Salesforce's Pub/Sub API, built from the published pubsub_api.proto (vendored
 * once, in packages/pubsub-proto). Every call carries the session as Salesforce reads it: accesstoken, instanceurl and
 * tenantid metadata headers. TLS for Salesforce; plaintext only for the local emulator.
 */

export interface PubSubEndpoint {
  /** host:port, e.g. api.pubsub.salesforce.com:7443. */
  address: string;
  plaintext: boolean;
}

export interface PubSubCredentials {
  accessToken: string;
  instanceUrl: string;
  /** The org id. */
  tenantId: string;
}

export const fetchResponseSchema = z.object({
  events: z.array(
    z.object({
      event: z.object({ id: z.string(), schema_id: z.string(), payload: z.instanceof(Buffer) }),
      replay_id: z.instanceof(Buffer),
    }),
  ),
  latest_replay_id: z.instanceof(Buffer),
  pending_num_requested: z.number(),
});
export type FetchResponse = z.infer<typeof fetchResponseSchema>;

export interface FetchRequest {
  topic_name?: string;
  replay_preset?: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replay_id?: Buffer;
  num_requested: number;
}

type Callback = (error: grpc.ServiceError | null, value?: unknown) => void;
interface RawClient extends grpc.Client {
  GetTopic(
    request: object,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: Callback,
  ): grpc.ClientUnaryCall;
  GetSchema(
    request: object,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: Callback,
  ): grpc.ClientUnaryCall;
  Subscribe(metadata: grpc.Metadata): grpc.ClientDuplexStream<FetchRequest, unknown>;
}
type ClientConstructor = new (address: string, credentials: grpc.ChannelCredentials) => RawClient;

/** GetTopic and GetSchema answer in milliseconds; a silent endpoint must not hold the stream up. */
const UNARY_DEADLINE_MS = 10_000;

let constructorCache: ClientConstructor | undefined;

const clientConstructor = (): ClientConstructor => {
  if (constructorCache) return constructorCache;
  const definition = protoLoader.loadSync(pubsubProtoPath, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    eventbus: { v1: { PubSub: ClientConstructor } };
  };
  constructorCache = loaded.eventbus.v1.PubSub;
  return constructorCache;
};

const topicInfoSchema = z.object({
  topic_name: z.string(),
  schema_id: z.string(),
  can_subscribe: z.boolean(),
});
const schemaInfoSchema = z.object({ schema_id: z.string(), schema_json: z.string() });

/** The Pub/Sub error code a failed call carries in its trailers (e.g. ...service.auth.error). */
export const pubSubErrorCode = (error: unknown): string => {
  const metadata = (error as { metadata?: grpc.Metadata }).metadata;
  return String(metadata?.get('error-code')[0] ?? '');
};

export class PubSubClient {
  readonly #client: RawClient;
  readonly #inFlight = new Set<grpc.ClientUnaryCall>();

  constructor(endpoint: PubSubEndpoint) {
    const credentials = endpoint.plaintext ? grpc.credentials.createInsecure() : grpc.credentials.createSsl();
    const Client = clientConstructor();
    this.#client = new Client(endpoint.address, credentials);
  }

  static metadata(credentials: PubSubCredentials): grpc.Metadata {
    const metadata = new grpc.Metadata();
    metadata.set('accesstoken', credentials.accessToken);
    metadata.set('instanceurl', credentials.instanceUrl);
    metadata.set('tenantid', credentials.tenantId);
    return metadata;
  }

  #unary(
    method: 'GetTopic' | 'GetSchema',
    request: object,
    credentials: PubSubCredentials,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const options = { deadline: Date.now() + UNARY_DEADLINE_MS };
      const call = this.#client[method](
        request,
        PubSubClient.metadata(credentials),
        options,
        (error, value) => {
          this.#inFlight.delete(call);
          if (error) reject(error);
          else resolve(value);
        },
      );
      this.#inFlight.add(call);
    });
  }

  async getTopic(topicName: string, credentials: PubSubCredentials) {
    return topicInfoSchema.parse(await this.#unary('GetTopic', { topic_name: topicName }, credentials));
  }

  async getSchema(schemaId: string, credentials: PubSubCredentials) {
    return schemaInfoSchema.parse(await this.#unary('GetSchema', { schema_id: schemaId }, credentials));
  }

  subscribe(credentials: PubSubCredentials): grpc.ClientDuplexStream<FetchRequest, unknown> {
    return this.#client.Subscribe(PubSubClient.metadata(credentials));
  }

  /** Closes the channel; calls still waiting for an answer are cancelled, not left to their deadline. */
  close(): void {
    for (const call of this.#inFlight) call.cancel();
    this.#client.close();
  }
}

export { grpc };
