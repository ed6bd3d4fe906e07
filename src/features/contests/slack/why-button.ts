import { z } from 'zod';
import type { ContestEngine } from '../app/engine.ts';
import { WHY_ACTION_ID } from '../app/leaderboard.ts';
import { isContestId } from '../domain/model.ts';
import { enqueueWhyReply } from '../replies/reply-jobs.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';

/**
 * "Why do I have these points?" under a board: the records behind the clicker's own points. Acks
 * and enqueues; a worker reads the ledger and answers through the click's response_url.
 */

const whyButtonSchema = z.object({
  user: z.object({ id: z.string() }),
  response_url: z.url(),
  actions: z.array(z.object({ value: z.string() })),
});

export function registerWhyButton(router: SlackRouter, engine: ContestEngine): void {
  router.action(WHY_ACTION_ID, async ({ ack, body }) => {
    await ack();
    const parsed = whyButtonSchema.safeParse(body);
    const contestId = parsed.success ? parsed.data.actions[0]?.value : undefined;
    if (!parsed.success || !contestId || !isContestId(contestId)) return;
    const { user, response_url: responseUrl } = parsed.data;
    try {
      await enqueueWhyReply(engine, { userId: user.id, contestId, responseUrl });
    } catch (error) {
      engine.deps.logger.error({ err: error, user: user.id }, 'the why button could not be queued');
    }
  });
}
