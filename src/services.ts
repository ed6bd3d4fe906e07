import type { Redis } from 'ioredis';
import type { WebClient } from '@slack/web-api';
import type { AppConfig } from './config.ts';
import type { DomainEventBus } from './platform/jobs/event-bus.ts';
import type { DomainEvent } from './shared/sync/domain-events.ts';
import type { JobRuntime } from './platform/jobs/runtime.ts';
import type { Logger } from './platform/http/logger.ts';
import type { SalesforceGateway } from './platform/salesforce/gateway.ts';
import type { SlackDelivery } from './platform/slack/delivery.ts';
import type { PeopleDirectory } from './shared/people/people.ts';
import type { RoleResolver } from './shared/people/roles.ts';
import type { Keyspace } from './platform/redis.ts';
import type { Clock } from './platform/clock.ts';
import type { SyncedRecordStore } from './shared/sync/synced-records.ts';

/** What feature modules get from the process: configuration, connections and shared adapters. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  redis: Redis;
  jobs: JobRuntime;
  keys: Keyspace;
  /** bullpen's copy of the synced Salesforce records. */
  store: SyncedRecordStore;
  /** Domain events from sync, fanned out to the features' queues. */
  bus: DomainEventBus<DomainEvent>;
  salesforce: SalesforceGateway;
  /** Web API client for work done outside a Slack request (jobs). */
  slack: WebClient;
  delivery: SlackDelivery;
  people: PeopleDirectory;
  roles: RoleResolver;
  /** Tests' faster clock (StartOptions.clock); absent in production, where time is real. */
  clock?: Clock;
}

/** A feature's background work: queue processors, job schedulers, domain-event subscriptions. */
export interface WorkerFeature {
  name: string;
  registerJobs(services: Services): Promise<void>;
}
