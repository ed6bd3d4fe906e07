import { z } from 'zod';
import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import {
  answerDeferredReply,
  DEFERRED_REPLY_JOB_OPTIONS,
  deferredReplySchema,
  type DeferredReply,
} from '../../../platform/slack/deferred-reply.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { postToResponseUrl } from '../../../platform/slack/response-url.ts';
import { whyReply } from '../app/leaderboard.ts';
import type { ContestEngine } from '../app/engine.ts';
import { contestCommandAnswer, leaderboardAnswer } from './command-answers.ts';

/**
 * The 'contest-replies' queue: `/contest` subcommands that read the store (list, status, previews,
 * drafts, launches, management, reports) and `/leaderboard`, answered by a worker through the
 * command's response_url. Apart from the contests queue so an answer never waits behind scoring.
 */

export const CONTEST_REPLY_JOB = 'contest-reply';
export const LEADERBOARD_REPLY_JOB = 'leaderboard-reply';
/** "Why do I have these points?" under a board: the clicker's own ledger entries. */
export const WHY_REPLY_JOB = 'why-reply';
type ReplyJob = typeof CONTEST_REPLY_JOB | typeof LEADERBOARD_REPLY_JOB;

export const whyReplySchema = z.object({
  userId: z.string().min(1),
  contestId: z.string().min(1),
  responseUrl: z.url(),
});
export type WhyReplyData = z.infer<typeof whyReplySchema>;

export const contestRepliesQueue = defineQueue<{
  [CONTEST_REPLY_JOB]: DeferredReply;
  [LEADERBOARD_REPLY_JOB]: DeferredReply;
  [WHY_REPLY_JOB]: WhyReplyData;
}>('contest-replies');

export const CONTEST_COMMAND_FAILED =
  'Something went wrong on our side; nothing was changed. Please try again.';
const FAILED_REPLY = ephemeralText(CONTEST_COMMAND_FAILED);

/** Enqueued by the web process once it has acked; a worker answers. */
export function enqueueContestReply(
  engine: ContestEngine,
  name: ReplyJob,
  reply: DeferredReply,
): Promise<unknown> {
  return engine.deps.jobs.add(contestRepliesQueue, name, reply, DEFERRED_REPLY_JOB_OPTIONS);
}

export function enqueueWhyReply(engine: ContestEngine, data: WhyReplyData): Promise<unknown> {
  return engine.deps.jobs.add(contestRepliesQueue, WHY_REPLY_JOB, data, DEFERRED_REPLY_JOB_OPTIONS);
}

/** Anyone may ask, but the answer is always about their own points; a contest gone says nothing. */
async function answerWhy(engine: ContestEngine, data: unknown): Promise<boolean> {
  const { userId, contestId, responseUrl } = whyReplySchema.parse(data);
  const contest = await engine.contests.get(contestId);
  if (!contest) return false;
  const message = { ...ephemeralMessage(await whyReply(engine, contest, userId)), replace_original: false };
  const { logger, config } = engine.deps;
  return postToResponseUrl(responseUrl, message, config.env.SLACK_TIMEOUT_MS, logger);
}

async function answer(
  engine: ContestEngine,
  data: unknown,
  compute: typeof leaderboardAnswer,
): Promise<boolean> {
  const reply = deferredReplySchema.parse(data);
  return answerDeferredReply(engine.deps, reply, () => compute(engine, reply), FAILED_REPLY);
}

export function registerContestReplyJobs(engine: ContestEngine): void {
  engine.deps.jobs.process(
    contestRepliesQueue,
    {
      [CONTEST_REPLY_JOB]: async (job) => {
        const reply = deferredReplySchema.parse(job.data);
        // A launch answers in its own way (its kick-off post); nothing more is said then.
        const message = await contestCommandAnswer(engine, reply).catch((error: unknown) => {
          engine.deps.logger.error({ err: error, user: reply.userId }, '/contest failed');
          return FAILED_REPLY;
        });
        return message ? answerDeferredReply(engine.deps, reply, async () => message, FAILED_REPLY) : false;
      },
      [LEADERBOARD_REPLY_JOB]: (job) => answer(engine, job.data, leaderboardAnswer),
      [WHY_REPLY_JOB]: (job) => answerWhy(engine, job.data),
    },
    { concurrency: 16 },
  );
}
