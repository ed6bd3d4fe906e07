import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoIntegrationUser } from '@bullpen/demo-company';
import type { UserPassword } from './auth.ts';
import { SessionRegistry } from './auth.ts';
import { createBulkJobs } from './bulk2.ts';
import { createFaults, type HangOptions } from './faults.ts';
import type { DatasetOptions } from './dataset.ts';
import { generateDataset } from './dataset.ts';
import { keyPrefixes, makeId } from './ids.ts';
import { QueryCursors } from './rest-query.ts';
import { buildSchema, objectNames } from './schema.ts';
import type { InjectedFailure, RequestLogEntry, ServerState } from './server.ts';
import { handleRequest } from './server.ts';
import { SalesforceStore } from './store.ts';
import { ChangeEventBus } from './pubsub/change-bus.ts';
import type { ChangeType } from './pubsub/change-schemas.ts';
import type { PubSubServer } from './pubsub/server.ts';
import { startPubSubServer } from './pubsub/server.ts';
import type { ValidationRule } from './validation-rules.ts';

/**
 * An embedded Salesforce org over HTTP that jsforce talks to unchanged: OAuth token endpoint,
 * REST query/queryAll/queryMore, sObject and sObject Collection writes, the Composite resource
 * (one API call for up to 25 subrequests, five of them queries), Bulk API 2.0 queries,
 * API-usage metering, and switches for the failures a connector must survive.
 */

export type { DatasetOptions, Dataset } from './dataset.ts';
export { generateDataset } from './dataset.ts';
export type { RequestLogEntry, InjectedFailure } from './server.ts';
export type { HangOptions } from './faults.ts';
export type { SalesforceStore } from './store.ts';
export type { ValidationRule } from './validation-rules.ts';
export type { SfRecord, FieldValue } from './schema.ts';
export type { ChangeType } from './pubsub/change-schemas.ts';
export { defaultCdcEntities } from './pubsub/change-bus.ts';

export interface PubSubOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** How long the bus keeps change events (Salesforce: 72 hours). */
  retentionMs?: number;
  /** How often an idle Subscribe stream gets an empty keepalive FetchResponse (Salesforce: 270 s). */
  keepaliveMs?: number;
}

export interface SalesforceEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * 'demo' (default): the demo company with a few hundred leads, and three waiting in its "Inbound
   * Web" queue; 'empty': just the integration user.
   */
  seed?: 'demo' | 'empty' | DatasetOptions;
  /** Daily API request allocation reported in Sforce-Limit-Info. */
  apiLimit?: number;
  sessionTtlMs?: number;
  /** Adds bullpen's managed metadata: the Task.Bullpen_Key__c external Id. */
  withBullpenMetadata?: boolean;
  clientId?: string;
  clientSecret?: string;
  /** Users who may log in with the password grant; defaults to the demo integration user. */
  users?: readonly UserPassword[];
  /** PEM public key to verify JWT-bearer assertions with; without it only the claims are checked. */
  jwtPublicKey?: string;
  /** The emulator's clock (epoch ms); tests can move time forward. */
  now?: () => number;
  /** Bulk query polls answering InProgress before JobComplete. */
  bulkPollsBeforeComplete?: number;
  /**
   * Bulk result rows per page when the client sends no maxRecords. Salesforce then returns "as many
   * rows as can be listed", so the default is one page of up to a million rows. Note that jsforce
   * 3.10's `bulk2.query` fails ("write after end") on multi-page results; lower this to reproduce.
   */
  bulkPageSize?: number;
  /** Serves the Pub/Sub API (gRPC) with Change Data Capture events for every write. */
  pubsub?: boolean | PubSubOptions;
}

export interface SalesforceEmulatorControls {
  /** Invalidates every access token, as a session timeout or admin revocation would. */
  expireAllSessions(): void;
  /** The next `count` API calls fail with this status and `[{message, errorCode}]` body. */
  failNext(count: number, failure: InjectedFailure): void;
  setApiUsage(used: number): void;
  setApiLimit(limit: number): void;
  apiUsage(): { used: number; limit: number };
  /** The integration user loses read access: queries answer 400 INVALID_TYPE, as Salesforce does. */
  denyObject(object: string): void;
  allowObject(object: string): void;
  /** The org lacks this field: queries naming it answer 400 INVALID_FIELD. */
  hideField(object: string, field: string): void;
  /** The token endpoint refuses every login (e.g. invalid_grant) until called with null. */
  failLogins(failure: { error: string; description: string } | null): void;
  /** The next `count` matching requests are accepted and never answered (or, with delayMs, answered late). */
  hangNext(count: number, options?: HangOptions): void;
  /** Adds a validation rule refusing matching API writes; the returned function removes it. */
  addValidationRule(rule: ValidationRule): () => void;
  /** Which entities are selected for Change Data Capture (default: Lead, Task, Event, Opportunity, User). */
  setChangeDataCapture(entities: readonly string[]): void;
  /** Publishes a gap event (GAP_CREATE, GAP_UPDATE, ...; GAP_OVERFLOW for an overflow) on the entity's channel. */
  publishGap(entity: string, changeType: ChangeType, recordIds?: readonly string[]): void;
  /** Publishes an event on the entity's channel whose payload does not decode with its schema. */
  publishUndecodable(entity: string): void;
  /** Ends every open Subscribe stream with UNAVAILABLE, as a dropped connection would. */
  dropPubSubStreams(): void;
  /** Subscribe streams started since the emulator began, and those live now (tests wait on these). */
  pubsubSubscriptions(): { started: number; live: number };
}

export interface SalesforceEmulator {
  /** Both the login URL and the instance URL, e.g. http://127.0.0.1:54321. */
  url: string;
  store: SalesforceStore;
  controls: SalesforceEmulatorControls;
  /** HTTP requests received, in order (the newest 50-100k); clear it with `requests.length = 0`. */
  requests: RequestLogEntry[];
  /** The Pub/Sub API endpoint (host:port, plaintext gRPC), when started with `pubsub`. */
  pubsubAddress: string | null;
  /** The org id, as Pub/Sub clients send it in the tenantid header. */
  orgId: string;
  close(): Promise<void>;
}

const DEFAULT_API_LIMIT = 100_000;
/** Unclaimed leads the demo company's "Inbound Web" queue starts with. */
const DEMO_QUEUED_LEADS = 3;
const DEFAULT_SESSION_TTL_MS = 2 * 60 * 60_000;
const DEFAULT_RETENTION_MS = 72 * 60 * 60_000;
const DEFAULT_KEEPALIVE_MS = 270_000;

const startPubSub = async (
  state: ServerState,
  bus: ChangeEventBus,
  options: PubSubOptions,
  host: string,
): Promise<PubSubServer> => {
  state.store.onChange((changes) => bus.recordChanges(changes));
  return startPubSubServer(
    {
      bus,
      sessions: state.sessions,
      faults: state.faults,
      orgId: state.orgId,
      instanceUrl: () => state.baseUrl,
      keepaliveMs: options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
    },
    { host, port: options.port ?? 0 },
  );
};

/** What the 'demo' seed generates, so a test can build the same dataset the emulator holds. */
export const demoSeedOptions = (now: number): DatasetOptions => ({ now, queuedLeads: DEMO_QUEUED_LEADS });

const seedStore = (store: SalesforceStore, seed: SalesforceEmulatorOptions['seed'], nowMs: number): void => {
  const empty = seed === 'empty';
  const options: DatasetOptions =
    seed === undefined || seed === 'demo' || empty ? demoSeedOptions(nowMs) : { now: nowMs, ...seed };
  const dataset = generateDataset(empty ? { ...options, leads: 0, extraOpportunities: 0 } : options);
  for (const name of objectNames) {
    const records =
      empty && name === 'User'
        ? dataset.User.filter((user) => user['Id'] === demoIntegrationUser.salesforceId)
        : empty && name !== 'LeadStatus'
          ? []
          : dataset[name];
    store.load(name, records);
  }
};

export const startSalesforceEmulator = async (
  options: SalesforceEmulatorOptions = {},
): Promise<SalesforceEmulator> => {
  const now = options.now ?? Date.now;
  const schema = buildSchema(options.withBullpenMetadata ?? false);
  const store = new SalesforceStore(schema, now, demoIntegrationUser.salesforceId);
  seedStore(store, options.seed, now());

  const requests: RequestLogEntry[] = [];
  const state: Omit<ServerState, 'baseUrl'> & { baseUrl: string } = {
    store,
    sessions: new SessionRegistry(options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS, now),
    cursors: new QueryCursors(),
    bulkJobs: createBulkJobs(),
    client: {
      clientId: options.clientId ?? demoIntegrationUser.clientId,
      clientSecret: options.clientSecret ?? demoIntegrationUser.clientSecret,
    },
    users: options.users ?? [
      { username: demoIntegrationUser.username, password: demoIntegrationUser.password },
    ],
    runAsUserId: demoIntegrationUser.salesforceId,
    jwtPublicKey: options.jwtPublicKey,
    orgId: makeId(keyPrefixes.Organization, 1),
    baseUrl: '',
    now,
    apiUsage: { used: 0, limit: options.apiLimit ?? DEFAULT_API_LIMIT },
    failures: { remaining: 0, failure: null },
    faults: createFaults(),
    bulk: {
      pollsBeforeComplete: options.bulkPollsBeforeComplete ?? 0,
      defaultPageSize: options.bulkPageSize ?? 1_000_000,
    },
    requests,
  };

  const server = createServer((request, response) => {
    handleRequest(state, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.baseUrl = `http://${host}:${address.port}`;
  const pubsubOptions = options.pubsub === true ? {} : options.pubsub === false ? undefined : options.pubsub;
  const bus = new ChangeEventBus(schema, now, pubsubOptions?.retentionMs ?? DEFAULT_RETENTION_MS);
  const pubsub =
    pubsubOptions === undefined
      ? null
      : await startPubSub(state, bus, pubsubOptions, options.host ?? '127.0.0.1');

  return {
    url: state.baseUrl,
    store,
    requests,
    pubsubAddress: pubsub?.address ?? null,
    orgId: state.orgId,
    controls: {
      expireAllSessions: () => state.sessions.expireAll(),
      failNext: (count, failure) => {
        state.failures.remaining = count;
        state.failures.failure = failure;
      },
      setApiUsage: (used) => {
        state.apiUsage.used = used;
      },
      setApiLimit: (limit) => {
        state.apiUsage.limit = limit;
      },
      apiUsage: () => ({ ...state.apiUsage }),
      denyObject: (object) => state.faults.deniedObjects.add(object.toLowerCase()),
      allowObject: (object) => state.faults.deniedObjects.delete(object.toLowerCase()),
      hideField: (object, field) => {
        const hidden = state.faults.hiddenFields.get(object.toLowerCase()) ?? new Set<string>();
        hidden.add(field.toLowerCase());
        state.faults.hiddenFields.set(object.toLowerCase(), hidden);
      },
      failLogins: (failure) => {
        state.faults.loginFailure = failure;
      },
      hangNext: (count, hangOptions = {}) => {
        state.faults.hang = { remaining: count, options: hangOptions };
      },
      addValidationRule: (rule) => store.validationRules.add(rule),
      setChangeDataCapture: (entities) => {
        bus.enabled.clear();
        for (const entity of entities) bus.enabled.add(store.object(entity).name);
      },
      publishGap: (entity, changeType, recordIds = []) =>
        bus.recordGap(store.object(entity).name, changeType, recordIds),
      publishUndecodable: (entity) => bus.recordUndecodable(store.object(entity).name),
      dropPubSubStreams: () => pubsub?.dropStreams(),
      pubsubSubscriptions: () => pubsub?.stats() ?? { started: 0, live: 0 },
    },
    close: async () => {
      await pubsub?.close();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
};
