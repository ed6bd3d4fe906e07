import type { Redis } from 'ioredis';
import { WebClient } from '@slack/web-api';
import type { AppConfig } from './config.ts';
import { DomainEventBus } from './platform/jobs/event-bus.ts';
import { systemQueue } from './platform/jobs/heartbeat.ts';
import { defineQueue } from './platform/jobs/queue-spec.ts';
import { deliveryQueue } from './platform/slack/delivery.ts';
import { syncQueue } from './shared/sync/sync-jobs.ts';
import { writesQueue } from './features/nudges/writes/write-jobs.ts';
import { domainEventId, type DomainEvent } from './shared/sync/domain-events.ts';
import { JobRuntime } from './platform/jobs/runtime.ts';
import type { Logger } from './platform/http/logger.ts';
import { SalesforceGateway } from './platform/salesforce/gateway.ts';
import type { Services } from './services.ts';
import { slackClientOptions } from './platform/slack/client-options.ts';
import { SlackDelivery } from './platform/slack/delivery.ts';
import { PeopleDirectory } from './shared/people/people.ts';
import { RoleResolver } from './shared/people/roles.ts';
import { keyspace } from './platform/redis.ts';
import { SyncedRecordStore } from './shared/sync/synced-records.ts';

export interface SlackCredentials {
  botToken: string;
  apiUrl: string;
}

/** Builds the shared adapters once per process; feature modules receive them as `Services`. */
export function createServices(deps: {
  config: AppConfig;
  logger: Logger;
  redis: Redis;
  slack: SlackCredentials;
  /** Tests shorten @slack/web-api's retries so a missing mock fails fast instead of hanging. */
  slackRetries?: number;
  /** Tests move the Salesforce login backoff's clock instead of waiting. */
  salesforceClock?: () => Date;
}): Services {
  const { config, logger, redis } = deps;
  const keys = keyspace(config.env.REDIS_PREFIX);
  const jobs = new JobRuntime({ redisUrl: config.env.REDIS_URL, prefix: config.env.REDIS_PREFIX, logger });
  // Declared up front so health and metrics list every queue in a web-only process too.
  jobs.declare(
    syncQueue,
    writesQueue,
    defineQueue('nudges'),
    defineQueue('contests'),
    defineQueue('recognition'),
    deliveryQueue,
    systemQueue,
  );
  const store = new SyncedRecordStore(redis, keys);
  const slack = new WebClient(
    deps.slack.botToken,
    slackClientOptions({
      apiUrl: deps.slack.apiUrl,
      timeoutMs: config.env.SLACK_TIMEOUT_MS,
      ...(deps.slackRetries !== undefined ? { retries: deps.slackRetries } : {}),
    }),
  );
  const people = new PeopleDirectory({
    client: slack,
    redis,
    keys,
    store,
    overrides: config.policy.people.slackOverrides,
    logger,
  });
  return {
    config,
    logger,
    redis,
    jobs,
    keys,
    store,
    bus: new DomainEventBus<DomainEvent>(jobs, domainEventId),
    salesforce: new SalesforceGateway(config.salesforce, logger, {
      redis,
      keys,
      timeoutMs: config.env.SF_TIMEOUT_MS,
      ...(deps.salesforceClock ? { now: deps.salesforceClock } : {}),
    }),
    slack,
    delivery: new SlackDelivery({ runtime: jobs, client: slack, redis, keys, logger }),
    people,
    roles: new RoleResolver({ roles: config.policy.roles, client: slack, redis, keys, people, store }),
  };
}
