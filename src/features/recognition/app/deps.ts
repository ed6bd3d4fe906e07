import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../platform/http/logger.ts';
import type { DomainEventBus } from '../../../platform/jobs/event-bus.ts';
import type { JobRuntime } from '../../../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import type { SalesforceGateway } from '../../../platform/salesforce/gateway.ts';
import type { SlackDelivery } from '../../../platform/slack/delivery.ts';
import type { PeopleDirectory } from '../../../shared/people/people.ts';
import type { RoleResolver } from '../../../shared/people/roles.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { SyncedRecordStore } from '../../../shared/sync/synced-records.ts';
import type { RecognitionPolicy } from '../policy.ts';

/** Who gets win prompts, from the policy's roles section. */
export interface ExecutiveRoles {
  executives: readonly string[];
  executiveUsergroup?: string | undefined;
}

/**
 * Everything recognition uses, named as main.ts names them. Shout-outs and win prompts read the
 * synced Salesforce store, look people up in Slack (users.info, via SlackProfiles), post through
 * SlackDelivery and run their background work on the 'recognition' queue.
 */
export interface RecognitionDeps {
  config: { policy: { recognition: RecognitionPolicy; roles: ExecutiveRoles } };
  logger: Logger;
  redis: RedisClient;
  keys: Keyspace;
  jobs: Pick<JobRuntime, 'add' | 'process'>;
  store: Pick<SyncedRecordStore, 'get' | 'getMany' | 'scan' | 'reportsOf' | 'recentWonOpportunityIds'>;
  bus: Pick<DomainEventBus<DomainEvent>, 'subscribe'>;
  salesforce: Pick<SalesforceGateway, 'connection'>;
  /** For users.info look-ups (SlackProfiles), which are not deliveries. */
  slack: WebClient;
  delivery: Pick<SlackDelivery, 'enqueue' | 'retract'>;
  people: Pick<PeopleDirectory, 'slackIdFor' | 'slackIdsFor' | 'salesforceIdFor'>;
  roles: Pick<RoleResolver, 'is' | 'usergroupMembers'>;
}
