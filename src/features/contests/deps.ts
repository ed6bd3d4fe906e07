import type { SharedParts } from '../../shared/parts.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Env } from '../../platform/config/env.ts';
import type { SalesforceGateway } from '../../platform/salesforce/gateway.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { ContestPolicy } from './policy.ts';

/**
 * What the contests feature uses, and nothing more. The property names are those main.ts builds,
 * so it passes its real objects; inner functions take a `Pick` of what they use.
 */
/**
 * slack: directory reads (members, channels, user groups, profiles, time zones) and the did-it-stick
 * chart upload (files.uploadV2, which delivery does not carry); posts go through delivery.
 */
export interface ContestsDeps extends Pick<
  SharedParts,
  'logger' | 'redis' | 'keys' | 'jobs' | 'store' | 'bus' | 'slack' | 'delivery' | 'people' | 'roles'
> {
  /**
   * Its own policy section, the SLA policy its SLA metrics score against, and how long a worker's
   * answer to a command may take to reach Slack.
   */
  config: { policy: { contests: ContestPolicy; sla: SlaPolicy }; env: Pick<Env, 'SLACK_TIMEOUT_MS'> };
  /** Recounts query Salesforce through the worker's connection. */
  salesforce: Pick<SalesforceGateway, 'connection'>;
  /** Real time unless a test or demo hands in a faster clock. */
  clock?: Clock;
}
