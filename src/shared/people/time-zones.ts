import type { SfUser } from '../../platform/salesforce/records.ts';
import type { Services } from '../../services.ts';
import { slackTimeZone } from './slack-time-zones.ts';
import { resolveTimeZone, type SlaPolicy } from '../sla/sla-policy.ts';

/**
 * A person's time zone, for their working hours and local day: what they set in Slack first (see
 * src/shared/people/slack-time-zones.ts), then the Salesforce User.TimeZoneSidKey, then the policy's fallback.
 */

export async function timeZoneOf(
  services: Pick<Services, 'redis' | 'keys' | 'slack' | 'logger'> & {
    config: { policy: { sla: SlaPolicy } };
  },
  person: { slackUserId: string | null; salesforceUser: SfUser | null },
): Promise<string> {
  const fromSlack = person.slackUserId ? await slackTimeZone(services, person.slackUserId) : null;
  return resolveTimeZone(fromSlack ?? person.salesforceUser?.TimeZoneSidKey, services.config.policy.sla);
}
