import type { Env } from '../../platform/config/env.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import type { PeopleDirectory } from '../../shared/people/people.ts';

/**
 * What the admins' "Sync health" reads: sync's own state in Redis (shared/sync/sync-state.ts), the
 * Salesforce login backoff, owners without a Slack match and the depth of every job queue.
 */
export interface SyncHealthDeps {
  config: { env: Pick<Env, 'SF_API_BUDGET_WARN_SHARE'> };
  redis: RedisClient;
  keys: Keyspace;
  salesforce: Pick<SalesforceGateway, 'loginBackoff'>;
  people: Pick<PeopleDirectory, 'unmatched'>;
  jobs: Pick<JobRuntime, 'queueNames' | 'queue'>;
}
