import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { SfUser } from '../salesforce/records.ts';
import type { Services } from '../services.ts';
import { resolveTimeZone } from './sla-policy.ts';

/**
 * A person's time zone, for their working hours and local day: Slack's users.info `tz` first (what
 * the person set in Slack), cached in Redis for a day because users.info is rate limited; then the
 * Salesforce User.TimeZoneSidKey; then the policy's fallback.
 */

const usersInfoSchema = z.object({ ok: z.literal(true), user: z.object({ tz: z.string().optional() }) });
const CACHE_TTL_S = 86_400;
/** Cached when Slack has no usable tz, so a failing lookup is not retried on every scan. */
const NONE = '-';

async function slackTimeZone(
  services: Pick<Services, 'redis' | 'keys' | 'slack' | 'logger'>,
  slackUserId: string,
): Promise<string | null> {
  const key = services.keys('nudges', 'tz', slackUserId);
  const cached = await services.redis.get(key);
  if (cached !== null) return cached === NONE ? null : cached;
  let tz: string | null;
  try {
    const info = usersInfoSchema.parse(await services.slack.users.info({ user: slackUserId }));
    tz = info.user.tz && IANAZone.isValidZone(info.user.tz) ? info.user.tz : null;
  } catch (error) {
    services.logger.warn(
      { err: error, user: slackUserId },
      'users.info failed; using the Salesforce time zone',
    );
    return null;
  }
  await services.redis.set(key, tz ?? NONE, 'EX', CACHE_TTL_S);
  return tz;
}

export async function timeZoneOf(
  services: Pick<Services, 'redis' | 'keys' | 'slack' | 'logger' | 'config'>,
  person: { slackUserId: string | null; salesforceUser: SfUser | null },
): Promise<string> {
  const fromSlack = person.slackUserId ? await slackTimeZone(services, person.slackUserId) : null;
  return resolveTimeZone(fromSlack ?? person.salesforceUser?.TimeZoneSidKey, services.config.policy.sla);
}
