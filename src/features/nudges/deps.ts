import type { SharedParts } from '../../shared/parts.ts';
import type { Env } from '../../platform/config/env.ts';
import type { RefreshHome } from '../../shared/feature.ts';
import type { SlaPolicy } from '../../shared/sla/sla-policy.ts';
import type { WeeklyDigestSection } from '../../shared/weekly/section.ts';
import type { PeopleZonesMemo } from '../../shared/people/people-zones.ts';
import type { ActivityFactsCache } from './app/activity-facts-cache.ts';

/**
 * Everything the nudges feature uses, by the names main.ts already gives these objects. Inner
 * functions take a `Pick` of what they need. Nudges have no policy section of their own: every
 * setting they read is the SLA engine's (src/shared/sla/sla-policy.ts), shared with the lead clock.
 */
export interface NudgesDeps extends Pick<
  SharedParts,
  // salesforce: the write-back jobs' connection; slack: people's Slack time zones.
  | 'logger'
  | 'redis'
  | 'keys'
  | 'jobs'
  | 'store'
  | 'bus'
  | 'salesforce'
  | 'slack'
  | 'delivery'
  | 'people'
  | 'roles'
> {
  config: {
    env: Pick<Env, 'SLACK_TIMEOUT_MS' | 'BULLPEN_CONFIG'>;
    /**
     * The SLA engine's policy; `relay` is present when the relay runs in this process (main.ts
     * passes the whole policy), and then lead rows offer its Qualify action (shared/relay/actions.ts).
     */
    policy: { sla: SlaPolicy; relay?: unknown };
    /** Which Slack and Salesforce this process talks to: the local demo scans once soon after start. */
    slack: { mode: string };
    salesforce: { mode: string };
  };
  /** Shows a person their App Home again after they acted on a lead from it. */
  refreshHome: RefreshHome;
  /**
   * What each lead's activity gives, memoised per process under its activity token
   * (app/activity-facts-cache.ts); createNudgesFeature makes one. Without it every read reads activity.
   */
  activityFacts?: ActivityFactsCache;
  /**
   * Every rep's Slack id and zone as the scan last read them, under the tokens of what they come
   * from (shared/people/people-zones.ts); createNudgesFeature makes one. Without it each scan reads them.
   */
  peopleZones?: PeopleZonesMemo;
  /** Other features' sections of marketing's weekly digest (the relay's funnel). */
  weeklyDigestSections?: readonly WeeklyDigestSection[];
}

/** What reading leads and putting them on their clocks needs (time zones come from Slack). */
export type LeadReadDeps = Pick<
  NudgesDeps,
  'config' | 'store' | 'people' | 'redis' | 'keys' | 'slack' | 'logger' | 'peopleZones'
>;
