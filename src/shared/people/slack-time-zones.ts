import { randomUUID } from 'node:crypto';
import { isValidTimeZone } from '../../platform/time-zones.ts';
import { z } from 'zod';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../platform/http/logger.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import { usersListPages } from '../../platform/slack/directory.ts';

/**
 * The time zone each person set in Slack, cached in Redis for a day: loaded for everyone with
 * users.list, at most daily, and with users.info (rate limited) only for people missing from it.
 * Digests (working hours, local day) and contests (their clock) both read it from here.
 */

const usersInfoSchema = z.object({ ok: z.literal(true), user: z.object({ tz: z.string().optional() }) });

/** What a time zone lookup uses: the Redis cache and the Slack Web API (names as in main.ts). */
export interface SlackTimeZoneDeps {
  redis: RedisClient;
  keys: Keyspace;
  slack: Pick<WebClient, 'users'>;
  logger: Pick<Logger, 'warn'>;
}
const CACHE_TTL_S = 86_400;
/** A fresh token after zones are cached: a memo of everyone's zone (people-zones.ts) reads them again. */
export const slackZonesVersionKey = (keys: Keyspace): string => keys('slack', 'tz-version');
/** Cached when Slack has no usable tz, so a failing lookup is not retried on every scan. */
const NONE = '-';

/**
 * Loads every member's tz with users.list, at most once a day: one call per 1,000 people instead of
 * one users.info call per rep (Tier 4), which a 1,000-rep scan would otherwise spend every morning.
 */
async function refreshAllTimeZones(deps: SlackTimeZoneDeps): Promise<void> {
  const claimed = await deps.redis.set(deps.keys('slack', 'tz-refresh'), '1', 'EX', CACHE_TTL_S, 'NX');
  if (claimed !== 'OK') return;
  try {
    // Every page: a person past a page bound would cost a users.info call of their own.
    for await (const members of usersListPages(deps.slack, Number.POSITIVE_INFINITY)) {
      const write = pipelineAcrossSlots(deps.redis);
      for (const member of members) {
        const tz = member.tz && isValidTimeZone(member.tz) ? member.tz : NONE;
        write.set(deps.keys('slack', 'tz', member.id), tz, 'EX', CACHE_TTL_S);
      }
      await write.exec();
      await deps.redis.set(slackZonesVersionKey(deps.keys), randomUUID());
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'users.list failed; looking time zones up one by one');
    await deps.redis.del(deps.keys('slack', 'tz-refresh'));
  }
}

export async function slackTimeZone(deps: SlackTimeZoneDeps, slackUserId: string): Promise<string | null> {
  return (await slackTimeZones(deps, [slackUserId]))[0] ?? null;
}

/** The cached zones, in order: a zone, null (Slack has none usable) or undefined (not cached). */
async function cachedZones(
  deps: SlackTimeZoneDeps,
  slackUserIds: readonly string[],
): Promise<(string | null | undefined)[]> {
  const reads = pipelineAcrossSlots(deps.redis);
  for (const id of slackUserIds) reads.get(deps.keys('slack', 'tz', id));
  return repliesOf(await reads.exec()).map((value) =>
    typeof value !== 'string' ? undefined : value === NONE ? null : value,
  );
}

/** One person users.list did not have: users.info (rate limited), cached either way. */
async function zoneFromUsersInfo(deps: SlackTimeZoneDeps, slackUserId: string): Promise<string | null> {
  let tz: string | null;
  try {
    const info = usersInfoSchema.parse(await deps.slack.users.info({ user: slackUserId }));
    tz = info.user.tz && isValidTimeZone(info.user.tz) ? info.user.tz : null;
  } catch (error) {
    deps.logger.warn({ err: error, user: slackUserId }, 'users.info failed; using a fallback time zone');
    return null;
  }
  const write = pipelineAcrossSlots(deps.redis);
  write.set(deps.keys('slack', 'tz', slackUserId), tz ?? NONE, 'EX', CACHE_TTL_S);
  write.set(slackZonesVersionKey(deps.keys), randomUUID());
  await write.exec();
  return tz;
}

/**
 * Many people's Slack time zones, in order: the cache read in one pipeline (a scan window reads
 * every rep's: a GET each was 1,000 round trips at 1,000 reps); for those it lacks, one users.list
 * refresh for them all, their cache read again in one pipeline, and users.info for anyone still
 * missing.
 */
export async function slackTimeZones(
  deps: SlackTimeZoneDeps,
  slackUserIds: readonly string[],
): Promise<(string | null)[]> {
  if (slackUserIds.length === 0) return [];
  const zones = await cachedZones(deps, slackUserIds);
  const missing = slackUserIds.flatMap((id, i) => (zones[i] === undefined ? [i] : []));
  if (missing.length === 0) return zones.map((zone) => zone ?? null);
  await refreshAllTimeZones(deps);
  const refreshed = await cachedZones(
    deps,
    missing.map((i) => slackUserIds[i] ?? ''),
  );
  await Promise.all(
    missing.map(async (at, j) => {
      zones[at] =
        refreshed[j] !== undefined ? refreshed[j] : await zoneFromUsersInfo(deps, slackUserIds[at] ?? '');
    }),
  );
  return zones.map((zone) => zone ?? null);
}
