import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { WHY_ACTION_ID, whyReply } from '../app/leaderboard.ts';
import { isContestId } from '../domain/model.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { ephemeralMessage } from '../../../platform/slack/replies.ts';

/** "Why do I have these points?" under a board: the records behind the clicker's own points. */

const whyButtonSchema = z.object({
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string() })),
});

export function registerWhyButton(router: SlackRouter, engine: ContestEngine): void {
  router.action(WHY_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    const parsed = whyButtonSchema.safeParse(body);
    const contestId = parsed.success ? parsed.data.actions[0]?.value : undefined;
    if (!parsed.success || !contestId || !isContestId(contestId)) return;
    const contest = await engine.contests.get(contestId);
    if (!contest) return;
    // Anyone may ask, but the answer is always about their own points.
    await respond({
      ...ephemeralMessage(await whyReply(engine, contest, parsed.data.user.id)),
      replace_original: false,
    });
  });
}
