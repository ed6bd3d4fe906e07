import type { SfUser } from '../../platform/salesforce/records.ts';
import { slackTimeZone, slackTimeZones, type SlackTimeZoneDeps } from './slack-time-zones.ts';
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

/** timeZoneOf for many people at once, in order: their Slack settings read in one round trip. */
export async function timeZonesOf(
  deps: SlackTimeZoneDeps & { config: { policy: { sla: SlaPolicy } } },
  people: readonly { slackUserId: string | null; salesforceUser: SfUser | null }[],
): Promise<string[]> {
  const inSlack = people.flatMap((person) => (person.slackUserId ? [person.slackUserId] : []));
  const zones = await slackTimeZones(deps, inSlack);
  const fromSlack = new Map(inSlack.map((id, i) => [id, zones[i] ?? null]));
  return people.map((person) =>
    resolveTimeZone(
      (person.slackUserId ? fromSlack.get(person.slackUserId) : null) ??
        person.salesforceUser?.TimeZoneSidKey,
      deps.config.policy.sla,
    ),
  );
}
