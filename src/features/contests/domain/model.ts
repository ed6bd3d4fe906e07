import { isValidTimeZone } from '../../../platform/time-zones.ts';
import { z } from 'zod';
import { SLACK_USER_ID } from '../../../platform/slack/mentions.ts';
import {
  GOAL_ON_RATE_ERROR,
  GOAL_ON_TIME_ERROR,
  METRICS,
  TEAMS_ON_TIME_ERROR,
  type Metric,
} from './metrics.ts';

/**
 * A contest as stored and passed between the Slack listeners, the jobs and the scorer. Plain data,
 * validated with zod at every boundary (Redis JSON, modal, command); transitions are pure functions
 * that return a new contest or the reason the move is illegal, so a retried job cannot corrupt state.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The shortest and longest contest window; urgency is the point, so 30 days is a hard cap. */
export const MIN_CONTEST_MS = HOUR_MS;
export const MAX_CONTEST_MS = 30 * DAY_MS;
/** A job that fires a little early (clock skew between workers) may still start the contest. */
export const START_SKEW_MS = 60_000;
export const MAX_NAME_LENGTH = 80;
export const MAX_PRIZE_LENGTH = 200;
/** A per-rep goal in the metric's own unit (deals, or whole currency units for won amounts). */
export const MAX_GOAL = 1_000_000_000;
export {
  GOAL_ON_RATE_ERROR,
  GOAL_ON_TIME_ERROR,
  LOWER_IS_BETTER,
  METRIC_LABELS,
  METRIC_UNITS,
  METRICS,
  NOT_COUNTS,
  RELAY_METRICS,
  TEAMS_ON_TIME_ERROR,
  type Metric,
} from './metrics.ts';

export const CONTEST_STATUSES = ['scheduled', 'running', 'ended', 'cancelled'] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

// BullMQ rejects custom job ids containing ':' or made only of digits, and contest ids end up in
// job ids and Redis keys; a leading letter and a small alphabet keep every use safe.
const CONTEST_ID_PATTERN = /^[a-z][a-z0-9-]{2,39}$/;
export const contestIdSchema = z
  .string()
  .regex(CONTEST_ID_PATTERN, "expected a contest id like 'c1a2b3c4' (lower-case letters, digits, '-')");
export const isContestId = (value: string): boolean => CONTEST_ID_PATTERN.test(value);

/** 'c' + base36 time + base36 randomness; `random` is injected so ids are reproducible in tests. */
export function newContestId(now: Date, random: () => number): string {
  const entropy = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `c${now.getTime().toString(36)}${entropy}`;
}

export const slackUserIdSchema = z.string().regex(SLACK_USER_ID, 'expected a Slack user id');
export const slackChannelIdSchema = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id');
export const slackUsergroupIdSchema = z.string().regex(/^S[A-Z0-9]{2,}$/, 'expected a Slack user group id');
export const salesforceIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'expected a Salesforce Id');
const timeZoneSchema = z.string().refine((zone) => isValidTimeZone(zone), 'expected an IANA time zone');
const dateSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

/**
 * Who plays. `userIds` is the roster snapshot taken when the contest starts (channel members and
 * user-group members are resolved by the adapter then): the roster is locked like the rules are.
 */
export const participantsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('channel_members'),
    channelId: slackChannelIdSchema,
    userIds: z.array(slackUserIdSchema).default([]),
  }),
  z.object({
    kind: z.literal('usergroup'),
    usergroupId: slackUsergroupIdSchema,
    userIds: z.array(slackUserIdSchema).default([]),
  }),
  z.object({ kind: z.literal('users'), userIds: z.array(slackUserIdSchema).min(1) }),
]);
export type Participants = z.infer<typeof participantsSchema>;

export const teamSchema = z.object({
  usergroupId: slackUsergroupIdSchema,
  name: z.string().min(1).max(80),
  memberIds: z.array(slackUserIdSchema).default([]),
});
export type Team = z.infer<typeof teamSchema>;

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('sources'), sources: z.array(z.string().trim().min(1).max(255)).min(1) }),
  z.object({ kind: z.literal('campaign'), campaignId: salesforceIdSchema }),
]);
export type ContestScope = z.infer<typeof scopeSchema>;

export const cadenceSchema = z.object({
  /** Edit the live leaderboard message in place as scores change. */
  liveUpdates: z.boolean().default(true),
  /** chat.update is Tier 3 and shared by every contest, so one edit a minute per board at most. */
  minEditIntervalSeconds: z.number().int().min(60).default(60),
  /** Local time (contest time zone) of the daily standings post, or null for none. */
  dailyStandingsAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm')
    .nullable()
    .default('09:00'),
});
export type Cadence = z.infer<typeof cadenceSchema>;
export const defaultCadence = (): Cadence => cadenceSchema.parse({});

export const contestSchema = z
  .object({
    id: contestIdSchema,
    name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
    metric: z.enum(METRICS),
    /** Only for opportunities_won: one point per deal, or the won amount (whole currency units). */
    wonBy: z.enum(['count', 'amount']).default('count'),
    window: z.object({ start: dateSchema, end: dateSchema }),
    timeZone: timeZoneSchema,
    channelId: slackChannelIdSchema,
    participants: participantsSchema,
    teams: z.array(teamSchema).max(20).optional(),
    scope: scopeSchema,
    prize: z.string().trim().min(1).max(MAX_PRIZE_LENGTH).optional(),
    cadence: cadenceSchema.default(defaultCadence),
    /** Each rep's target for a count metric; boards then show "% to goal". Absent in older contests. */
    goal: z.number().int().min(1).max(MAX_GOAL).optional(),
    /** Public posts show only the top N; everyone still sees their own rank privately. */
    publicTopN: z.number().int().min(1).max(50).optional(),
    templateId: z.string().optional(),
    createdBy: slackUserIdSchema,
    createdAt: dateSchema,
    status: z.enum(CONTEST_STATUSES),
    startedAt: dateSchema.optional(),
    /** Set when the contest ends, early (`/contest end`) or on time; scoring stops here. */
    endedAt: dateSchema.optional(),
    cancelledAt: dateSchema.optional(),
  })
  .superRefine((contest, issues) => {
    const length = contest.window.end.getTime() - contest.window.start.getTime();
    if (length < MIN_CONTEST_MS || length > MAX_CONTEST_MS) {
      issues.addIssue({
        code: 'custom',
        path: ['window'],
        message: 'a contest lasts from 1 hour to 30 days',
      });
    }
    if (contest.goal !== undefined && contest.metric === 'sla_hit_rate') {
      issues.addIssue({ code: 'custom', path: ['goal'], message: GOAL_ON_RATE_ERROR });
    }
    if (contest.goal !== undefined && contest.metric === 'time_to_accept') {
      issues.addIssue({ code: 'custom', path: ['goal'], message: GOAL_ON_TIME_ERROR });
    }
    if (contest.teams !== undefined && contest.teams.length > 0 && contest.metric === 'time_to_accept') {
      issues.addIssue({ code: 'custom', path: ['teams'], message: TEAMS_ON_TIME_ERROR });
    }
  });
export type Contest = z.infer<typeof contestSchema>;
/** What callers build before parsing; defaults (cadence, wonBy, roster) are filled by the schema. */
export type ContestInput = z.input<typeof contestSchema>;

export type TransitionResult = { ok: true; contest: Contest } | { ok: false; error: string };

const fail = (error: string): TransitionResult => ({ ok: false, error });

/** The instant scoring stops: the planned end, or earlier if a manager ended it. */
export function scoringEnd(contest: Contest): Date {
  const end = contest.window.end;
  return contest.endedAt && contest.endedAt < end ? contest.endedAt : end;
}

export function contestLengthMs(contest: Contest): number {
  return contest.window.end.getTime() - contest.window.start.getTime();
}

/**
 * scheduled -> running. For channel and user-group rosters, `rosterUserIds` is the membership
 * resolved at start; listed users keep their list.
 */
export function startContest(contest: Contest, now: Date, rosterUserIds?: string[]): TransitionResult {
  if (contest.status !== 'scheduled')
    return fail(`contest ${contest.id} is ${contest.status}, not scheduled`);
  if (now.getTime() < contest.window.start.getTime() - START_SKEW_MS) {
    return fail(`contest ${contest.id} starts at ${contest.window.start.toISOString()}, not yet`);
  }
  if (now >= contest.window.end) return fail(`contest ${contest.id}'s window is already over`);
  let participants = contest.participants;
  if (participants.kind !== 'users') {
    const roster = rosterUserIds ?? participants.userIds;
    if (roster.length === 0) return fail(`contest ${contest.id} has no participants to start with`);
    participants = { ...participants, userIds: [...new Set(roster)] };
  }
  return { ok: true, contest: { ...contest, status: 'running', startedAt: now, participants } };
}

/** running -> ended, on time or early; an early end moves the scoring cut-off to `now`. */
export function endContest(contest: Contest, now: Date): TransitionResult {
  if (contest.status !== 'running') return fail(`contest ${contest.id} is ${contest.status}, not running`);
  const endedAt = now < contest.window.end ? now : contest.window.end;
  return { ok: true, contest: { ...contest, status: 'ended', endedAt } };
}

/** scheduled | running -> cancelled: no winners, no final post. */
export function cancelContest(contest: Contest, now: Date): TransitionResult {
  if (contest.status !== 'scheduled' && contest.status !== 'running') {
    return fail(`contest ${contest.id} is already ${contest.status}`);
  }
  return { ok: true, contest: { ...contest, status: 'cancelled', cancelledAt: now } };
}

/** Push the end later by `byMs`; the whole window may not exceed 30 days. */
export function extendContest(contest: Contest, byMs: number, now: Date): TransitionResult {
  if (contest.status !== 'scheduled' && contest.status !== 'running') {
    return fail(
      `contest ${contest.id} is ${contest.status}; only scheduled or running contests can be extended`,
    );
  }
  if (!Number.isFinite(byMs) || byMs <= 0) return fail('an extension must be longer than zero');
  if (contest.status === 'running' && now >= contest.window.end) {
    return fail(`contest ${contest.id} has already reached its end time`);
  }
  const newEnd = new Date(contest.window.end.getTime() + byMs);
  const total = newEnd.getTime() - contest.window.start.getTime();
  if (total > MAX_CONTEST_MS) {
    const room = MAX_CONTEST_MS - contestLengthMs(contest);
    return fail(
      `contests last at most 30 days; this one can be extended by at most ${Math.floor(room / HOUR_MS)}h more`,
    );
  }
  return { ok: true, contest: { ...contest, window: { ...contest.window, end: newEnd } } };
}

/** Fields a manager may change after creation. Name, metric and scope lock once it runs. */
export interface ContestEdit {
  name?: string;
  metric?: Metric;
  scope?: ContestScope;
  prize?: string | null;
  publicTopN?: number | null;
  cadence?: Partial<Cadence>;
}

const LOCKED_WHILE_RUNNING = ['name', 'metric', 'scope'] as const;

export function editContest(contest: Contest, edit: ContestEdit): TransitionResult {
  if (contest.status === 'ended' || contest.status === 'cancelled') {
    return fail(`contest ${contest.id} is ${contest.status} and can no longer change`);
  }
  if (contest.status === 'running') {
    const locked = LOCKED_WHILE_RUNNING.filter((field) => edit[field] !== undefined);
    if (locked.length > 0) return fail(`${locked.join(', ')} cannot change once the contest is running`);
  }
  const { prize, publicTopN, cadence, ...rest } = edit;
  const next: ContestInput = {
    ...contest,
    ...rest,
    prize: prize === null ? undefined : (prize ?? contest.prize),
    publicTopN: publicTopN === null ? undefined : (publicTopN ?? contest.publicTopN),
    cadence: { ...contest.cadence, ...cadence },
  };
  const parsed = contestSchema.safeParse(next);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => issue.message).join('; '));
  return { ok: true, contest: parsed.data };
}

/** Every Slack user who can score: the roster, plus team members for team contests. */
export function participantIds(contest: Contest): Set<string> {
  const ids = new Set(contest.participants.userIds);
  for (const team of contest.teams ?? []) for (const id of team.memberIds) ids.add(id);
  return ids;
}
