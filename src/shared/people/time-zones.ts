import type { SfUser } from '../../platform/salesforce/records.ts';
import { slackTimeZone, type SlackTimeZoneDeps } from './slack-time-zones.ts';
import { resolveTimeZone, type SlaPolicy } from '../sla/sla-policy.ts';

/**
 * A person's time zone, for their working hours and local day: what they set in Slack first (see
 * src/shared/people/slack-time-zones.ts), then the Salesforce User.TimeZoneSidKey, then the policy's fallback.
 */

export async function timeZoneOf(
  deps: SlackTimeZoneDeps & { config: { policy: { sla: SlaPolicy } } },
  person: { slackUserId: string | null; salesforceUser: SfUser | null },
): Promise<string> {
  const fromSlack = person.slackUserId ? await slackTimeZone(deps, person.slackUserId) : null;
  return resolveTimeZone(fromSlack ?? person.salesforceUser?.TimeZoneSidKey, deps.config.policy.sla);
}
