import type { WebClient } from '@slack/web-api';
import type { Logger } from '../platform/http/logger.ts';
import type { DomainEventBus } from '../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../platform/redis.ts';
import type { SalesforceGateway } from '../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../platform/slack/delivery.ts';
import type { PeopleDirectory } from './people/people.ts';
import type { QueueDirectory } from './people/queues.ts';
import type { RoleResolver } from './people/roles.ts';
import type { DomainEvent } from './sync/domain-events.ts';
import type { SyncedRecordStore } from './sync/synced-records.ts';

/**
 * The objects main.ts builds once per process, by the names it gives them. A feature's deps pick
 * the ones it uses (`Pick<SharedParts, 'redis' | 'keys'>`) and add its own config sections; no
 * feature takes them all.
 */
export interface SharedParts {
  logger: Logger;
  redis: RedisClient;
  keys: Keyspace;
  jobs: JobRuntime;
  /** bullpen's copy of the synced Salesforce records. */
  store: SyncedRecordStore;
  /** Domain events from sync, fanned out to the features' queues. */
  bus: DomainEventBus<DomainEvent>;
  salesforce: SalesforceGateway;
  /** Web API client for work done outside a Slack request (jobs, directory reads). */
  slack: WebClient;
  /** Every post, edit and delete outside a request. */
  delivery: SlackDelivery;
  people: PeopleDirectory;
  /** Salesforce lead queues and their members (refreshed by whoever uses them). */
  queues: QueueDirectory;
  roles: RoleResolver;
}
