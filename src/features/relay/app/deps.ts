import type { Env } from '../../../platform/config/env.ts';
import type { Logger } from '../../../platform/http/logger.ts';
import type { DomainEventBus } from '../../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import type { SalesforceGateway } from '../../../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../../../platform/slack/delivery.ts';
import type { RefreshHome } from '../../../shared/feature.ts';
import type { PeopleDirectory } from '../../../shared/people/people.ts';
import type { RoleResolver } from '../../../shared/people/roles.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { SyncedRecordStore } from '../../../shared/sync/synced-records.ts';
import type { RelayPolicy } from '../policy.ts';

/**
 * Everything the relay uses, named as main.ts names them: it reads and writes leads in Salesforce
 * directly (a hand-off must see the lead as it is now, not as last synced), matches people, DMs the
 * AE and the SDR through SlackDelivery and runs the accept SLA on its own queue. It publishes its
 * hand-offs and accepts as domain events (`bus`), so contests on the relay metrics re-score at once.
 * Marketing's funnel reads bullpen's synced copy (store) and the hand-off records instead.
 */
export interface RelayDeps {
  config: {
    /** How long `/funnel`'s worker waits on the response_url. */
    env: Pick<Env, 'SLACK_TIMEOUT_MS'>;
    policy: {
      relay: RelayPolicy;
      /** The whole SLA policy: marketing's funnel asks the follow-up rate's own first-touch verdict. */
      sla: SlaPolicy;
    };
  };
  logger: Logger;
  redis: RedisClient;
  keys: Keyspace;
  jobs: Pick<JobRuntime, 'add' | 'process'>;
  salesforce: Pick<SalesforceGateway, 'connection'>;
  store: Pick<
    SyncedRecordStore,
    'get' | 'all' | 'scan' | 'activitiesOnMany' | 'leadsCreatedIn' | 'campaignMembersOfMany'
  >;
  delivery: Pick<SlackDelivery, 'enqueue'>;
  people: Pick<PeopleDirectory, 'slackIdFor' | 'salesforceIdFor'>;
  roles: Pick<RoleResolver, 'rolesOf'>;
  /** Shows waiting viewers their Home once the funnel they asked for is computed. */
  refreshHome?: RefreshHome;
  bus: Pick<DomainEventBus<DomainEvent>, 'publish'>;
}
