import {
  contestSchema,
  type Cadence,
  type Contest,
  type ContestInput,
  type ContestScope,
  type Metric,
  type Participants,
  type Team,
  START_SKEW_MS,
} from './model.ts';

/**
 * What the one-line command and the modal both produce: a contest as the manager described it,
 * before the adapter resolves names (`#sales` -> channel id) and rosters. `draftToContest` turns a
 * resolved draft into a validated, scheduled contest.
 */

export type ChannelRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

export type ParticipantsSpec =
  | { kind: 'channel_members' }
  | { kind: 'usergroup'; usergroupId: string }
  | { kind: 'users'; userIds: string[] };

export interface ContestDraft {
  name: string;
  metric: Metric;
  wonBy: 'count' | 'amount';
  durationMs: number;
  /** null: start as soon as it is created. */
  startAt: Date | null;
  channel: ChannelRef;
  participants: ParticipantsSpec;
  /** Team contests: one team per Slack user group. */
  teamUsergroupIds: string[];
  scope: ContestScope;
  prize?: string;
  publicTopN?: number;
  /** Each rep's target (count metrics only). */
  goal?: number;
  cadence: Cadence;
  templateId?: string;
}

export interface DraftResolution {
  id: string;
  createdBy: string;
  now: Date;
  timeZone: string;
  /** The draft's channel, resolved to an id by the adapter. */
  channelId: string;
  /** Teams resolved from `teamUsergroupIds` (name and members from usergroups.users.list). */
  teams?: Team[];
}

export type DraftToContestResult = { ok: true; contest: Contest } | { ok: false; error: string };

export function draftToContest(draft: ContestDraft, resolution: DraftResolution): DraftToContestResult {
  const start = draft.startAt ?? resolution.now;
  if (start.getTime() < resolution.now.getTime() - START_SKEW_MS) {
    return { ok: false, error: 'the start time is in the past; pick a later time or start now' };
  }
  let participants: Participants;
  switch (draft.participants.kind) {
    case 'channel_members':
      participants = { kind: 'channel_members', channelId: resolution.channelId, userIds: [] };
      break;
    case 'usergroup':
      participants = { kind: 'usergroup', usergroupId: draft.participants.usergroupId, userIds: [] };
      break;
    case 'users':
      participants = { kind: 'users', userIds: [...new Set(draft.participants.userIds)] };
      break;
  }
  const input: ContestInput = {
    id: resolution.id,
    name: draft.name,
    metric: draft.metric,
    wonBy: draft.wonBy,
    window: { start, end: new Date(start.getTime() + draft.durationMs) },
    timeZone: resolution.timeZone,
    channelId: resolution.channelId,
    participants,
    teams: resolution.teams && resolution.teams.length > 0 ? resolution.teams : undefined,
    scope: draft.scope,
    prize: draft.prize,
    cadence: draft.cadence,
    publicTopN: draft.publicTopN,
    goal: draft.goal,
    templateId: draft.templateId,
    createdBy: resolution.createdBy,
    createdAt: resolution.now,
    status: 'scheduled',
  };
  const parsed = contestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'contest'}: ${issue.message}`,
    );
    return { ok: false, error: problems.join('; ') };
  }
  return { ok: true, contest: parsed.data };
}
