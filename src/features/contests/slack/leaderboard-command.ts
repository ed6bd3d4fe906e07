import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { leaderboardReply, leaderboardsReply, liveContestsOf, whyReply } from '../app/leaderboard.ts';
import { pickContest } from '../app/manage.ts';
import { isContestId } from '../domain/model.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';

/**
 * `/leaderboard [id]` and `/leaderboard why [id]`: a private view of a contest with the caller's
 * own row highlighted, or the records behind their points. Reads only Redis, so it answers in the ack.
 */

/** Ids and `why` fit in a few words; longer text is a paste gone wrong, refused with a clear answer. */
const MAX_COMMAND_TEXT = 500;
const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string().max(MAX_COMMAND_TEXT),
});

export function registerLeaderboardCommand(router: SlackRouter, engine: ContestEngine): void {
  router.command(
    '/leaderboard',
    withTextLimit(MAX_COMMAND_TEXT, async ({ ack, command }) => {
      const { user_id: userId, channel_id: channelId, text } = commandSchema.parse(command);
      const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const why = words[0] === 'why';
      const idText = why ? words[1] : words[0];
      if (idText !== undefined && !isContestId(idText)) {
        await ack(
          ephemeralText(
            `'${idText.slice(0, 40)}' is not a contest id. Try \`/leaderboard\`, \`/leaderboard c1a2b3c4\` or \`/leaderboard why\`.`,
          ),
        );
        return;
      }
      if (!why && idText === undefined) {
        const mine = await liveContestsOf(engine, userId);
        if (mine.length > 1) {
          await ack(ephemeralMessage(await leaderboardsReply(engine, mine, userId)));
          return;
        }
      }
      const contest = await pickContest(engine, idText ?? null, userId, channelId);
      if (!contest || contest.status === 'scheduled' || contest.status === 'cancelled') {
        await ack(
          ephemeralText(
            contest
              ? `Contest \`${contest.id}\` is ${contest.status}; there is no board.`
              : 'No contest is running. Managers launch one with `/contest`.',
          ),
        );
        return;
      }
      await ack(
        ephemeralMessage(
          why ? await whyReply(engine, contest, userId) : await leaderboardReply(engine, contest, userId),
        ),
      );
    }),
  );
}
