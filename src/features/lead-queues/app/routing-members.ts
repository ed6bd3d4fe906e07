import { z } from 'zod';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import type { LeadQueue } from '../../../shared/people/queues.ts';
import { eligibleMembers, type Eligibility, type MemberFacts } from '../domain/routing.ts';
import type { LeadQueuesDeps } from '../deps.ts';
import type { RoutingPolicy } from '../policy.ts';
import type { RoutingStore } from '../routing-store.ts';

/**
 * What routing needs to know about a queue's members right now: their synced Salesforce user
 * (IsActive, Email), their Slack match, their own time zone and their Slack status emoji (users.info,
 * cached five minutes so a burst of leads costs one look-up per member).
 */

export type MemberDeps = Pick<
  LeadQueuesDeps,
  'config' | 'logger' | 'redis' | 'keys' | 'slack' | 'store' | 'people'
> & {
  routing: RoutingStore;
};

const userInfoSchema = z.object({
  ok: z.literal(true),
  user: z.object({ profile: z.object({ status_emoji: z.string().optional() }).optional() }),
});

async function statusEmojiOf(deps: MemberDeps, slackId: string): Promise<string | null> {
  const cached = await deps.routing.cachedStatus(slackId);
  if (cached !== undefined) return cached;
  try {
    const info = userInfoSchema.parse(await deps.slack.users.info({ user: slackId }));
    const emoji = info.user.profile?.status_emoji?.trim() || null;
    await deps.routing.cacheStatus(slackId, emoji);
    return emoji;
  } catch (error) {
    // Unknown status: routed as if present; the next lead looks again.
    deps.logger.warn({ err: error, slackId }, 'could not read a queue member’s Slack status');
    return null;
  }
}

async function memberFacts(deps: MemberDeps, userId: string): Promise<MemberFacts> {
  const [user, slackId] = await Promise.all([deps.store.get('User', userId), deps.people.slackIdFor(userId)]);
  const timeZone = await timeZoneOf(deps, { slackUserId: slackId, salesforceUser: user });
  const statusEmoji = slackId && user?.IsActive ? await statusEmojiOf(deps, slackId) : null;
  return { userId, user, slackId, timeZone, statusEmoji };
}

/** The queue's members who may get a lead now (previous owners of it excluded), and why the others may not. */
export async function routingEligibility(
  deps: MemberDeps,
  queue: LeadQueue,
  policy: RoutingPolicy,
  previous: readonly string[],
): Promise<Eligibility> {
  const members = await Promise.all(queue.memberUserIds.map((userId) => memberFacts(deps, userId)));
  return eligibleMembers(members, {
    policy,
    calendar: deps.config.policy.sla.calendar,
    now: new Date(),
    previous,
  });
}
