import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Env } from '../../platform/config/env.ts';
import type { Logger } from '../../platform/http/logger.ts';
import type { DomainEventBus } from '../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Keyspace } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../../platform/slack/delivery.ts';
import type { RefreshHome } from '../../shared/feature.ts';
import type { PeopleDirectory } from '../../shared/people/people.ts';
import type { RoleResolver } from '../../shared/people/roles.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { DomainEvent } from '../../shared/sync/domain-events.ts';
import type { SyncedRecordStore } from '../../shared/sync/synced-records.ts';

/**
 * Everything the nudges feature uses, by the names main.ts already gives these objects. Inner
 * functions take a `Pick` of what they need. Nudges have no policy section of their own: every
 * setting they read is the SLA engine's (src/shared/sla/sla-policy.ts), shared with the lead clock.
 */
export interface NudgesDeps {
  config: {
    env: Pick<Env, 'SLACK_TIMEOUT_MS' | 'BULLPEN_CONFIG'>;
    policy: { sla: SlaPolicy };
    /** Which Slack and Salesforce this process talks to: the local demo scans once soon after start. */
    slack: { mode: string };
    salesforce: { mode: string };
  };
  logger: Logger;
  redis: Redis;
  keys: Keyspace;
  jobs: JobRuntime;
  /** bullpen's copy of the synced Salesforce records (leads, activities, users, campaigns). */
  store: SyncedRecordStore;
  bus: DomainEventBus<DomainEvent>;
  /** For the write-back jobs' Salesforce connection. */
  salesforce: SalesforceGateway;
  /** For people's Slack time zones (src/shared/people/slack-time-zones.ts). */
  slack: WebClient;
  delivery: SlackDelivery;
  people: PeopleDirectory;
  roles: RoleResolver;
  /** Shows a person their App Home again after they acted on a lead from it. */
  refreshHome: RefreshHome;
}

/** What reading leads and putting them on their clocks needs (time zones come from Slack). */
export type LeadReadDeps = Pick<
  NudgesDeps,
  'config' | 'store' | 'people' | 'redis' | 'keys' | 'slack' | 'logger'
>;
