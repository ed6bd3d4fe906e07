import type { Redis } from 'ioredis';
import { WebClient } from '@slack/web-api';
import type { AppConfig } from './platform/config/load.ts';
import { DomainEventBus } from './platform/jobs/event-bus.ts';
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
    bus: new DomainEventBus(jobs),
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
