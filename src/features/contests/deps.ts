import type { Redis } from 'ioredis';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/http/logger.ts';
import type { DomainEventBus } from '../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Keyspace } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../../platform/slack/delivery.ts';
import type { PeopleDirectory } from '../../shared/people/people.ts';
import type { RoleResolver } from '../../shared/people/roles.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';
import type { SyncedRecordStore } from '../../shared/sync/synced-records.ts';
import type { ContestPolicy } from './policy.ts';

/**
 * What the contests feature uses, and nothing more. The property names are those main.ts builds,
 * so it passes its real objects; inner functions take a `Pick` of what they use.
 */
export interface ContestsDeps {
  /** Its own policy section, and the SLA policy its SLA metrics score against. */
  config: { policy: { contests: ContestPolicy; sla: SlaPolicy } };
  logger: Logger;
  redis: Redis;
  keys: Keyspace;
  jobs: JobRuntime;
  /** The synced Salesforce records (leads, activities, users, campaign members). */
  store: SyncedRecordStore;
  /** Domain events from sync: contests score them. */
  bus: DomainEventBus<DomainEvent>;
  /** Recounts query Salesforce through the worker's connection. */
  salesforce: Pick<SalesforceGateway, 'connection'>;
  /** Directory reads (members, channels, user groups, profiles, time zones); posts go through delivery. */
  slack: WebClient;
  delivery: SlackDelivery;
  people: PeopleDirectory;
  roles: RoleResolver;
  /** Real time unless a test or demo hands in a faster clock. */
  clock?: Clock;
}
