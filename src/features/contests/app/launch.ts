import { channelIdByName, listUsergroups } from '../../../platform/slack/directory.ts';
import { SlackProfiles } from '../../../shared/people/profiles.ts';
import { slackTimeZone } from '../../../shared/people/slack-time-zones.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { draftToContest } from '../domain/draft.ts';
import type { ContestsDeps } from '../deps.ts';
import type { ContestEngine } from './engine.ts';
import type { Usergroup } from '../store/side-store.ts';
import { validateParticipants } from '../domain/command-parser.ts';
import { listProblems } from '../domain/command-syntax.ts';
import { newContestId, type Contest, type Team } from '../domain/model.ts';
import { unscorableBecause } from './access.ts';
import { syncContestJobs } from './schedule.ts';

/**
 * From a parsed draft (one-line command, modal or saved draft) to a stored, scheduled contest:
 * resolves the channel name, the teams' user groups and the manager's time zone, which the pure
 * draft code leaves to the adapter.
 */

/** Mentioned people Slack does not know, or who are deactivated: a contest never names a ghost. */
async function unknownPeople(
  deps: Pick<ContestsDeps, 'slack' | 'redis' | 'keys'>,
  userIds: readonly string[],
): Promise<string[]> {
  const profiles = new SlackProfiles({ client: deps.slack, redis: deps.redis, keys: deps.keys });
  const unknown: string[] = [];
  for (const user of new Set(userIds)) {
    const found = await profiles.lookup(user);
    if (!found.ok && found.reason !== 'bot') unknown.push(user);
  }
  return unknown;
}

export type LaunchResult = { ok: true; contest: Contest } | { ok: false; error: string };

export async function userTimeZone(
  deps: Pick<ContestsDeps, 'redis' | 'keys' | 'slack' | 'logger' | 'config'>,
  slackUserId: string,
): Promise<string> {
  return (await slackTimeZone(deps, slackUserId)) ?? deps.config.policy.contests.defaultTimeZone;
}

/** Workspace user groups (id and name), cached ten minutes: usergroups.list is Tier 2. */
export async function workspaceUsergroups(engine: ContestEngine): Promise<Usergroup[]> {
  const cached = await engine.side.cachedUsergroups();
  if (cached) return cached;
  try {
    const groups = await listUsergroups(engine.deps.slack);
    await engine.side.cacheUsergroups(groups);
    return groups;
  } catch {
    return [];
  }
}

async function resolveTeams(engine: ContestEngine, usergroupIds: readonly string[]): Promise<Team[]> {
  if (usergroupIds.length === 0) return [];
  const groups = await workspaceUsergroups(engine);
  return Promise.all(
    usergroupIds.map(async (usergroupId) => ({
      usergroupId,
      name: groups.find((group) => group.id === usergroupId)?.name ?? usergroupId,
      memberIds: await engine.deps.roles.usergroupMembers(usergroupId),
    })),
  );
}

/** What stops a launch before anything is stored (metric's objects, channel, people), all at once. */
async function launchProblems(
  deps: ContestsDeps,
  draft: ContestDraft,
): Promise<{ channelId: string | null; problems: string[] }> {
  const problems: string[] = [];
  // Checked again here, not only in the command: the modal and a saved draft launch through here too.
  const unscorable = await unscorableBecause(deps, draft);
  if (unscorable) problems.push(unscorable);
  const channelId =
    draft.channel.kind === 'id' ? draft.channel.id : await channelIdByName(deps.slack, draft.channel.name);
  if (!channelId) {
    problems.push(
      `there is no channel #${draft.channel.kind === 'name' ? draft.channel.name : ''} I can see; invite me or pick another`,
    );
  }
  if (draft.participants.kind === 'users') {
    const unknown = await unknownPeople(deps, draft.participants.userIds);
    const check = validateParticipants(
      draft.participants.userIds,
      new Set(draft.participants.userIds.filter((id) => !unknown.includes(id))),
    );
    if (!check.ok) problems.push(check.error);
  }
  return { channelId, problems };
}

export async function launchContest(
  engine: ContestEngine,
  draft: ContestDraft,
  launcher: { userId: string; timeZone?: string },
): Promise<LaunchResult> {
  const { deps } = engine;
  const { channelId, problems } = await launchProblems(deps, draft);
  if (!channelId || problems.length > 0) return { ok: false, error: listProblems(problems) };
  const now = engine.clock.now();
  const result = draftToContest(draft, {
    id: newContestId(now, Math.random),
    createdBy: launcher.userId,
    now,
    timeZone: launcher.timeZone ?? (await userTimeZone(deps, launcher.userId)),
    channelId,
    teams: await resolveTeams(engine, draft.teamUsergroupIds),
  });
  if (!result.ok) return result;
  if (!(await engine.contests.create(result.contest))) {
    return { ok: false, error: 'a contest with that id already exists; try again' };
  }
  await syncContestJobs(engine, result.contest);
  deps.logger.info(
    { contestId: result.contest.id, metric: result.contest.metric, createdBy: launcher.userId },
    'contest launched',
  );
  return { ok: true, contest: result.contest };
}
