import type { SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_USER_ID } from '../../../platform/slack/mentions.ts';
import type { NudgesDeps } from '../deps.ts';
import { enqueueFollowupDm } from '../replies/reply-jobs.ts';

/**
 * "Full report by DM" under the org-wide roll-up on Home: sends the clicker their `/followup`
 * answer in the app DM (a Home click has no channel or response_url to answer in). The report is
 * scoped by the clicker's own roles, so the button shows nobody more than `/followup` would. Acks
 * and enqueues; a worker computes the report (replies/reply-jobs.ts).
 */

const clickSchema = z
  .object({
    user: z.object({ id: z.string().regex(SLACK_USER_ID) }),
    actions: z.array(z.object({ action_ts: z.string().regex(/^\d+\.\d+$/) }).loose()).min(1),
  })
  .loose();

export function followupReportButtonListener(deps: Pick<NudgesDeps, 'logger' | 'jobs'>) {
  return async ({ ack, body }: SlackActionMiddlewareArgs) => {
    await ack();
    const parsed = clickSchema.safeParse(body);
    if (!parsed.success) return;
    const userId = parsed.data.user.id;
    const clickedAt = parsed.data.actions[0]?.action_ts ?? '';
    try {
      await enqueueFollowupDm(deps, { userId, clickedAt });
    } catch (error) {
      deps.logger.error({ err: error, user: userId }, 'the follow-up report from Home could not be queued');
    }
  };
}
