import { z } from 'zod';
import { leaderboardEphemeral, pointsExplanation, type ContestMessage } from '../slack/blocks.ts';
import { contestEngine } from '../jobs.ts';
import { isContestId, participantIds, type Contest } from '../domain/model.ts';
import { participantNames } from './posting.ts';
import type { Services } from '../../../services.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { pickContest } from './manage.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';

/**
 * `/leaderboard [id]` and `/leaderboard why [id]`: a private view of a contest with the caller's
 * own row highlighted (and their neighbourhood when outside the top N), plus the records behind
 * their points. Reads only Redis, so it answers inside the ack.
 */

export const WHY_ACTION_ID = 'contest_why_points';

/** Ids and `why` fit in a few words; longer text is a paste gone wrong, refused with a clear answer. */
const MAX_COMMAND_TEXT = 500;
const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string().max(MAX_COMMAND_TEXT),
});
const whyButtonSchema = z.object({
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string() })),
});

export async function leaderboardReply(
  services: Services,
  contest: Contest,
  viewerId: string,
): Promise<ContestMessage> {
  const engine = contestEngine(services);
  const rows = await engine.standings(contest);
  const names = await participantNames(services, participantIds(contest));
  const board = leaderboardEphemeral(
    { ...contest, publicTopN: contest.publicTopN ?? services.config.policy.contests.leaderboardTopN },
    rows,
    { now: engine.clock.now(), viewerId, names },
  );
  if (!participantIds(contest).has(viewerId)) return board;
  return {
    text: board.text,
    blocks: [
      ...board.blocks.slice(0, 48),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: WHY_ACTION_ID,
            text: { type: 'plain_text', text: 'Why do I have these points?' },
            value: contest.id,
          },
        ],
      },
    ],
  };
}

export async function whyReply(
  services: Services,
  contest: Contest,
  viewerId: string,
): Promise<ContestMessage> {
  const engine = contestEngine(services);
  const entries = await engine.ledger.entriesForRep(contest, viewerId);
  const instanceUrl =
    (await services.redis.get(services.keys('sf', 'instance-url'))) ?? 'https://login.salesforce.com';
  const leadIds = [
    ...new Set(entries.map((entry) => entry.leadId).filter((id): id is string => id !== undefined)),
  ];
  const leads = await services.store.getMany('Lead', leadIds);
  return pointsExplanation(contest, entries, {
    recordUrl: (recordId) => `${instanceUrl.replace(/\/$/, '')}/${recordId}`,
    leadNames: new Map(
      leads.map((lead) => [lead.Id, lead.Company ? `${lead.Name} (${lead.Company})` : lead.Name]),
    ),
  });
}

export function registerLeaderboard(router: SlackRouter, services: Services) {
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
      const contest = await pickContest(services, idText ?? null, userId, channelId);
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
          why ? await whyReply(services, contest, userId) : await leaderboardReply(services, contest, userId),
        ),
      );
    }),
  );

  router.action(WHY_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    const parsed = whyButtonSchema.safeParse(body);
    const contestId = parsed.success ? parsed.data.actions[0]?.value : undefined;
    if (!parsed.success || !contestId || !isContestId(contestId)) return;
    const contest = await contestEngine(services).contests.get(contestId);
    if (!contest) return;
    // Anyone may ask, but the answer is always about their own points.
    await respond({
      ...ephemeralMessage(await whyReply(services, contest, parsed.data.user.id)),
      replace_original: false,
    });
  });
}
