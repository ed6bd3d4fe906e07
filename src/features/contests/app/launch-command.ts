import { createHash } from 'node:crypto';
import { commandErrorMessage, type ContestMessage } from '../slack/blocks.ts';
import { parseContestCommand } from '../domain/command-parser.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { LEAD_SOURCES_JOB, contestsQueue } from '../queue.ts';
import type { ContestEngine } from './engine.ts';
import { launchContest, userTimeZone } from './launch.ts';
import { contestAccessRefusal } from './access.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import { draftReply } from './manage.ts';

/**
 * `/contest start | draft | preview` after the ack: read in the manager's own time zone, refused when
 * Salesforce cannot give what the metric needs, launched once per identical command.
 */

/** What the command's response_url gets. */
export type LaunchCommandAnswer = ReturnType<typeof ephemeralText> | ReturnType<typeof ephemeralMessage>;

/** The lead sources the modal and parser know, or undefined (and a refresh queued) before the first list. */
export async function knownLeadSources(engine: ContestEngine): Promise<string[] | undefined> {
  const sources = await engine.side.leadSources();
  if (sources.length === 0) {
    const bucket = Math.floor(Date.now() / 600_000);
    await engine.deps.jobs.add(
      contestsQueue,
      LEAD_SOURCES_JOB,
      {},
      { jobId: `contest-lead-sources-${bucket}` },
    );
    return undefined;
  }
  return sources;
}

/** Launches once per identical command per minute: a retried or double-sent command is one contest. */
export async function claimLaunch(
  engine: ContestEngine,
  userId: string,
  fingerprint: string,
): Promise<boolean> {
  const digest = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
  return engine.side.claimLaunch(userId, digest);
}

export async function launchReply(
  engine: ContestEngine,
  draft: ContestDraft,
  userId: string,
): Promise<ContestMessage> {
  const result = await launchContest(engine, draft, { userId });
  if (!result.ok) return commandErrorMessage(result.error, '/contest help');
  const contest = result.contest;
  return {
    text: `Contest ${contest.id} launched`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: *Launched* \`${contest.id}\`: the kick-off goes to <#${contest.channelId}>${contest.window.start > new Date() ? ' when it starts' : ' now'}. \`/contest status ${contest.id}\` to watch it.`,
        },
      },
    ],
  };
}

export async function answerLaunchCommand(
  engine: ContestEngine,
  request: { text: string; userId: string; channelId: string; now: Date },
): Promise<LaunchCommandAnswer | null> {
  const { text, userId, channelId, now } = request;
  // Re-read the command in the manager's own time zone (start: times are local).
  const timeZone = await userTimeZone(engine.deps, userId);
  const local = parseContestCommand(text, {
    channelId,
    now,
    timeZone,
    knownLeadSources: await knownLeadSources(engine),
  });
  if (!local.ok) {
    return ephemeralMessage(commandErrorMessage(local.error, local.example, youSent('/contest', text)));
  }
  const localCmd = local.command;
  const refusal = await contestAccessRefusal(engine.deps, localCmd, text);
  if (refusal) return ephemeralMessage(refusal);
  if (localCmd.kind === 'start') {
    if (!(await claimLaunch(engine, userId, text))) {
      return ephemeralText('That contest was just launched; `/contest list` shows it.');
    }
    return ephemeralMessage(await launchReply(engine, localCmd.draft, userId));
  }
  if (localCmd.kind === 'draft') {
    const draftCmd = { kind: 'draft' as const, draft: localCmd.draft };
    return ephemeralMessage(await draftReply(engine, draftCmd, { userId, channelId, timeZone }));
  }
  if (localCmd.kind === 'preview') {
    return ephemeralMessage(await draftReply(engine, localCmd, { userId, channelId, timeZone }));
  }
  return null;
}
