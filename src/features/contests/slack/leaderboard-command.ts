import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { isContestId } from '../domain/model.ts';
import { CONTEST_COMMAND_FAILED, enqueueContestReply, LEADERBOARD_REPLY_JOB } from '../replies/reply-jobs.ts';
import { ackAndEnqueue } from '../../../platform/slack/deferred-reply.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';

/**
 * `/leaderboard [id]` and `/leaderboard why [id]`: a private view of a contest with the caller's
 * own row highlighted, or the records behind their points. A malformed id is refused in the ack;
 * otherwise a worker reads the boards and answers through response_url (replies/).
 */

/** Ids and `why` fit in a few words; longer text is a paste gone wrong, refused with a clear answer. */
const MAX_COMMAND_TEXT = 500;
const commandSchema = z.object({ text: z.string().max(MAX_COMMAND_TEXT) });

export function registerLeaderboardCommand(router: SlackRouter, engine: ContestEngine): void {
  router.command(
    '/leaderboard',
    withTextLimit(MAX_COMMAND_TEXT, async (args) => {
      const { text } = commandSchema.parse(args.command);
      const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const idText = words[0] === 'why' ? words[1] : words[0];
      if (idText !== undefined && !isContestId(idText)) {
        await args.ack(
          ephemeralText(
            `'${idText.slice(0, 40)}' is not a contest id. Try \`/leaderboard\`, \`/leaderboard c1a2b3c4\` or \`/leaderboard why\`.`,
          ),
        );
        return;
      }
      await ackAndEnqueue(args, (reply) => enqueueContestReply(engine, LEADERBOARD_REPLY_JOB, reply), {
        logger: engine.deps.logger,
        failedText: CONTEST_COMMAND_FAILED,
      });
    }),
  );
}
