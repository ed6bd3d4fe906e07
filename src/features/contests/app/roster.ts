import { z } from 'zod';
import type { Services } from '../../../services.ts';
import type { Contest } from '../domain/model.ts';

/**
 * Who plays, resolved when a contest starts: channel members or a user group, narrowed to people
 * matched to a Salesforce user who owns leads (nobody else can score) and, for those group rosters, without the
 * managers, executives and admins who run the show. People listed by name always play.
 */

const membersPageSchema = z.object({
  ok: z.literal(true),
  members: z.array(z.string()),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

const MAX_PAGES = 20;

export async function channelMembers(
  services: Pick<Services, 'slack'>,
  channelId: string,
): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = membersPageSchema.parse(
      await services.slack.conversations.members({
        channel: channelId,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      }),
    );
    members.push(...response.members);
    cursor = response.response_metadata?.next_cursor;
    if (!cursor) break;
  }
  return members;
}

export async function resolveRoster(
  services: Pick<Services, 'slack' | 'roles' | 'people' | 'store'>,
  contest: Contest,
): Promise<string[]> {
  const participants = contest.participants;
  if (participants.kind === 'users') return participants.userIds;
  const candidates =
    participants.kind === 'channel_members'
      ? await channelMembers(services, participants.channelId)
      : await services.roles.usergroupMembers(participants.usergroupId);
  const players = await Promise.all(
    [...new Set(candidates)].map(async (slackId) => {
      const salesforceId = await services.people.salesforceIdFor(slackId);
      // Someone who owns no leads (marketing ops, an integration user) has nothing to follow up.
      if (salesforceId === null || (await services.store.leadIdsOwnedBy(salesforceId)).length === 0)
        return null;
      const roles = await services.roles.rolesOf(slackId);
      const runsTheShow = roles.has('manager') || roles.has('executive') || roles.has('admin');
      return runsTheShow ? null : slackId;
    }),
  );
  return players.filter((id): id is string => id !== null);
}
