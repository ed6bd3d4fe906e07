import { channelMembers } from '../../../platform/slack/directory.ts';
import type { ContestsDeps } from '../deps.ts';
import type { Contest } from '../domain/model.ts';

/**
 * Who plays, resolved when a contest starts: channel members or a user group, narrowed to people
 * matched to a Salesforce user who owns leads (nobody else can score) and, for those group rosters, without the
 * managers, executives and admins who run the show. People listed by name always play.
 */

export async function resolveRoster(
  deps: Pick<ContestsDeps, 'slack' | 'roles' | 'people' | 'store'>,
  contest: Contest,
): Promise<string[]> {
  const participants = contest.participants;
  if (participants.kind === 'users') return participants.userIds;
  const candidates =
    participants.kind === 'channel_members'
      ? await channelMembers(deps.slack, participants.channelId)
      : await deps.roles.usergroupMembers(participants.usergroupId);
  const players = await Promise.all(
    [...new Set(candidates)].map(async (slackId) => {
      const salesforceId = await deps.people.salesforceIdFor(slackId);
      // Someone who owns no leads (marketing ops, an integration user) has nothing to follow up.
      if (salesforceId === null || (await deps.store.leadIdsOwnedBy(salesforceId)).length === 0) return null;
      const roles = await deps.roles.rolesOf(slackId);
      const runsTheShow = roles.has('manager') || roles.has('executive') || roles.has('admin');
      return runsTheShow ? null : slackId;
    }),
  );
  return players.filter((id): id is string => id !== null);
}
