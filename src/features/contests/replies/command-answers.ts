import type { DeferredReply } from '../../../platform/slack/deferred-reply.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { stickReportReply } from '../app/did-it-stick.ts';
import type { ContestEngine } from '../app/engine.ts';
import { leaderboardReply, leaderboardsReply, liveContestsOf, whyReply } from '../app/leaderboard.ts';
import { answerLaunchCommand } from '../app/launch-command.ts';
import { manageContest, mayLaunch, pickContest, statusReply } from '../app/manage.ts';
import { parseContestCommand, type ContestCommand } from '../domain/command-parser.ts';
import { contestListMessage } from '../slack/blocks.ts';

/**
 * The answers of `/contest` subcommands and `/leaderboard` that read the store, computed by a worker
 * (replies/reply-jobs.ts) for the person's response_url. The web process has already parsed the
 * text and refused what is malformed; this parses again (job data is only the text) at the time the
 * person asked.
 */

export const REFUSAL =
  'Only managers and admins can launch contests. Ask your sales manager, or see `/leaderboard` for the contests you are in.';
const REPORT_REFUSAL =
  "Only managers and admins can ask for a contest's did-it-stick report; it is posted in the contest's channel after the contest ends.";
export const MANAGER_COMMANDS: ReadonlySet<ContestCommand['kind']> = new Set([
  'open_modal',
  'start',
  'draft',
  'preview',
  // A team's follow-up rate is a manager's number, as in /followup.
  'report',
]);

type Answer = ReturnType<typeof ephemeralText> | ReturnType<typeof ephemeralMessage>;

/** Runs one subcommand for the person who typed it; null when the answer was given another way. */
async function subcommandAnswer(
  engine: ContestEngine,
  cmd: ContestCommand,
  reply: DeferredReply,
  now: Date,
): Promise<Answer | null> {
  const { userId, channelId, text } = reply;
  switch (cmd.kind) {
    case 'list':
      return ephemeralMessage(contestListMessage(await engine.contests.list(25), now));
    case 'status':
      return ephemeralMessage(await statusReply(engine, cmd.contestId, userId, channelId));
    case 'end':
    case 'cancel':
    case 'extend':
    case 'recompute':
      return ephemeralMessage(await manageContest(engine, cmd, userId));
    case 'report':
      return ephemeralMessage(await stickReportReply(engine, cmd.contestId));
    case 'start':
    case 'draft':
    case 'preview':
      return answerLaunchCommand(engine, { text, userId, channelId, now });
    default:
      // help and the modal are answered by the web process itself.
      return null;
  }
}

export async function contestCommandAnswer(
  engine: ContestEngine,
  reply: DeferredReply,
): Promise<Answer | null> {
  const now = new Date(reply.requestedAt);
  const parsed = parseContestCommand(reply.text, {
    channelId: reply.channelId,
    now,
    timeZone: engine.deps.config.policy.contests.defaultTimeZone,
  });
  if (!parsed.ok) return null;
  const cmd = parsed.command;
  if (MANAGER_COMMANDS.has(cmd.kind) && !(await mayLaunch(engine, reply.userId))) {
    return ephemeralText(cmd.kind === 'report' ? REPORT_REFUSAL : REFUSAL);
  }
  return subcommandAnswer(engine, cmd, reply, now);
}

/** `/leaderboard [why] [id]`, its words already checked by the web process. */
export async function leaderboardAnswer(engine: ContestEngine, reply: DeferredReply): Promise<Answer> {
  const { userId, channelId } = reply;
  const words = reply.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const why = words[0] === 'why';
  const idText = why ? words[1] : words[0];
  if (!why && idText === undefined) {
    const mine = await liveContestsOf(engine, userId);
    if (mine.length > 1) return ephemeralMessage(await leaderboardsReply(engine, mine, userId));
  }
  const contest = await pickContest(engine, idText ?? null, userId, channelId);
  if (!contest || contest.status === 'scheduled' || contest.status === 'cancelled') {
    return ephemeralText(
      contest
        ? `Contest \`${contest.id}\` is ${contest.status}; there is no board.`
        : 'No contest is running. Managers launch one with `/contest`.',
    );
  }
  return ephemeralMessage(
    why ? await whyReply(engine, contest, userId) : await leaderboardReply(engine, contest, userId),
  );
}
