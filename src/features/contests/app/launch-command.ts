import { createHash } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import { commandErrorMessage, type ContestMessage } from '../slack/blocks.ts';
import { parseContestCommand } from '../domain/command-parser.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { LEAD_SOURCES_JOB, contestEngine, enqueueContestWork } from '../jobs.ts';
import { launchContest, userTimeZone } from './launch.ts';
import { contestAccessRefusal } from './access.ts';
import type { Services } from '../../../services.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import { draftReply } from './manage.ts';

/**
 * `/contest start | draft | preview` after the ack: read in the manager's own time zone, refused when
 * Salesforce cannot give what the metric needs, launched once per identical command.
 */

export async function knownLeadSources(services: Services): Promise<string[] | undefined> {
  const key = services.keys('contests', 'lead-sources');
  const sources = await services.redis.smembers(key);
  if (sources.length === 0) {
    const bucket = Math.floor(Date.now() / 600_000);
    await enqueueContestWork(services, LEAD_SOURCES_JOB, `contest-lead-sources-${bucket}`, {});
    return undefined;
  }
  return sources.sort();
}

/** Launches once per identical command per minute: a retried or double-sent command is one contest. */
export async function claimLaunch(
  services: Services,
  userId: string,
  fingerprint: string,
): Promise<string | null> {
  const digest = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
  const key = services.keys('contests', 'launch-claim', userId, digest);
  const claimed = await services.redis.set(key, 'pending', 'EX', 60, 'NX');
  return claimed ? key : null;
}

export async function launchReply(
  services: Services,
  draft: ContestDraft,
  userId: string,
): Promise<ContestMessage> {
  const result = await launchContest(contestEngine(services), draft, { userId });
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
  services: Services,
  request: { text: string; userId: string; channelId: string; now: Date; respond: RespondFn },
): Promise<void> {
  const { text, userId, channelId, now, respond } = request;
  // Re-read the command in the manager's own time zone (start: times are local).
  const timeZone = await userTimeZone(services, userId);
  const local = parseContestCommand(text, {
    channelId,
    now,
    timeZone,
    knownLeadSources: await knownLeadSources(services),
  });
  if (!local.ok) {
    await respond(
      ephemeralMessage(commandErrorMessage(local.error, local.example, youSent('/contest', text))),
    );
    return;
  }
  const localCmd = local.command;
  const refusal = await contestAccessRefusal(services, localCmd, text);
  if (refusal) return void (await respond(ephemeralMessage(refusal)));
  if (localCmd.kind === 'start') {
    if (!(await claimLaunch(services, userId, text))) {
      await respond(ephemeralText('That contest was just launched; `/contest list` shows it.'));
      return;
    }
    await respond(ephemeralMessage(await launchReply(services, localCmd.draft, userId)));
  } else if (localCmd.kind === 'draft') {
    const draftCmd = { kind: 'draft' as const, draft: localCmd.draft };
    await respond(ephemeralMessage(await draftReply(services, draftCmd, { userId, channelId, timeZone })));
  } else if (localCmd.kind === 'preview') {
    await respond(ephemeralMessage(await draftReply(services, localCmd, { userId, channelId, timeZone })));
  }
}
