import { z } from 'zod';
import type { Services } from '../../../services.ts';
import { SlackProfiles } from '../../../shared/people/profiles.ts';
import { slackTimeZone } from '../../../shared/people/slack-time-zones.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { draftToContest } from '../domain/draft.ts';
import type { ContestEngine } from './engine.ts';
import { validateParticipants } from '../domain/command-parser.ts';
import { newContestId, type Contest, type Team } from '../domain/model.ts';
import { unscorableBecause } from './access.ts';
import { syncContestJobs } from './schedule.ts';

/**
 * From a parsed draft (one-line command, modal or saved draft) to a stored, scheduled contest:
 * resolves the channel name, the teams' user groups and the manager's time zone, which the pure
 * draft code leaves to the adapter.
 */

const conversationsSchema = z.object({
  ok: z.literal(true),
  channels: z.array(z.object({ id: z.string(), name: z.string() })),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const usergroupsSchema = z.object({
  ok: z.literal(true),
  usergroups: z.array(z.object({ id: z.string(), name: z.string(), handle: z.string().optional() })),
});

/** Mentioned people Slack does not know, or who are deactivated: a contest never names a ghost. */
async function unknownPeople(services: Services, userIds: readonly string[]): Promise<string[]> {
  const profiles = new SlackProfiles({ client: services.slack, redis: services.redis, keys: services.keys });
  const unknown: string[] = [];
  for (const user of new Set(userIds)) {
    const found = await profiles.lookup(user);
    if (!found.ok && found.reason !== 'bot') unknown.push(user);
  }
  return unknown;
}

export type LaunchResult = { ok: true; contest: Contest } | { ok: false; error: string };

export async function userTimeZone(services: Services, slackUserId: string): Promise<string> {
  return (await slackTimeZone(services, slackUserId)) ?? services.config.policy.contests.defaultTimeZone;
}

async function channelIdByName(services: Services, name: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const response = conversationsSchema.parse(
      await services.slack.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      }),
    );
    const found = response.channels.find((channel) => channel.name === name);
    if (found) return found.id;
    cursor = response.response_metadata?.next_cursor;
    if (!cursor) return null;
  }
  return null;
}

/** Workspace user groups (id and name), cached ten minutes: usergroups.list is Tier 2. */
export async function listUsergroups(services: Services): Promise<{ id: string; name: string }[]> {
  const key = services.keys('contests', 'usergroups');
  const cached = await services.redis.get(key);
  if (cached) return JSON.parse(cached) as { id: string; name: string }[];
  try {
    const response = usergroupsSchema.parse(await services.slack.usergroups.list({}));
    const groups = response.usergroups.map((group) => ({ id: group.id, name: group.handle ?? group.name }));
    await services.redis.set(key, JSON.stringify(groups), 'EX', 600);
    return groups;
  } catch {
    return [];
  }
}

async function resolveTeams(services: Services, usergroupIds: readonly string[]): Promise<Team[]> {
  if (usergroupIds.length === 0) return [];
  const groups = await listUsergroups(services);
  return Promise.all(
    usergroupIds.map(async (usergroupId) => ({
      usergroupId,
      name: groups.find((group) => group.id === usergroupId)?.name ?? usergroupId,
      memberIds: await services.roles.usergroupMembers(usergroupId),
    })),
  );
}

export async function launchContest(
  engine: ContestEngine,
  draft: ContestDraft,
  launcher: { userId: string; timeZone?: string },
): Promise<LaunchResult> {
  const { services } = engine;
  // Checked again here, not only in the command: the modal and a saved draft launch through here too.
  const unscorable = await unscorableBecause(services, draft);
  if (unscorable) return { ok: false, error: unscorable };
  const channelId =
    draft.channel.kind === 'id' ? draft.channel.id : await channelIdByName(services, draft.channel.name);
  if (!channelId) {
    return {
      ok: false,
      error: `there is no channel #${draft.channel.kind === 'name' ? draft.channel.name : ''} I can see; invite me or pick another`,
    };
  }
  if (draft.participants.kind === 'users') {
    const unknown = await unknownPeople(services, draft.participants.userIds);
    const check = validateParticipants(
      draft.participants.userIds,
      new Set(draft.participants.userIds.filter((id) => !unknown.includes(id))),
    );
    if (!check.ok) return { ok: false, error: check.error };
  }
  const now = engine.clock.now();
  const result = draftToContest(draft, {
    id: newContestId(now, Math.random),
    createdBy: launcher.userId,
    now,
    timeZone: launcher.timeZone ?? (await userTimeZone(services, launcher.userId)),
    channelId,
    teams: await resolveTeams(services, draft.teamUsergroupIds),
  });
  if (!result.ok) return result;
  if (!(await engine.contests.create(result.contest))) {
    return { ok: false, error: 'a contest with that id already exists; try again' };
  }
  await syncContestJobs(engine, result.contest);
  services.logger.info(
    { contestId: result.contest.id, metric: result.contest.metric, createdBy: launcher.userId },
    'contest launched',
  );
  return { ok: true, contest: result.contest };
}
