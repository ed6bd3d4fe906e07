import type { Logger } from '../../../platform/http/logger.ts';
import type { JobRuntime } from '../../../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import type { SalesforceGateway } from '../../../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../../../platform/slack/delivery.ts';
import type { PeopleDirectory } from '../../../shared/people/people.ts';
import type { RoleResolver } from '../../../shared/people/roles.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { SyncedRecordStore } from '../../../shared/sync/synced-records.ts';
import type { RelayPolicy } from '../policy.ts';

/**
 * Everything the relay uses, named as main.ts names them: it reads and writes leads in Salesforce
 * directly (a hand-off must see the lead as it is now, not as last synced), matches people, DMs the
 * AE and the SDR through SlackDelivery and runs the accept SLA on its own queue.
 */
export interface RelayDeps {
  config: {
    policy: {
      relay: RelayPolicy;
      sla: Pick<SlaPolicy, 'calendar' | 'statuses' | 'qualifyingActivity'>;
    };
  };
  logger: Logger;
  redis: RedisClient;
  keys: Keyspace;
  jobs: Pick<JobRuntime, 'add' | 'process'>;
  salesforce: Pick<SalesforceGateway, 'connection'>;
  store: Pick<SyncedRecordStore, 'get'>;
  delivery: Pick<SlackDelivery, 'enqueue'>;
  people: Pick<PeopleDirectory, 'slackIdFor' | 'salesforceIdFor'>;
  roles: Pick<RoleResolver, 'rolesOf'>;
}
