import type { SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_USER_ID } from '../../../platform/slack/mentions.ts';
import { followUpAnswer, type ReportDeps } from '../app/reports.ts';
import type { NudgesDeps } from '../deps.ts';
import { COMMAND_FAILED, NOT_MATCHED } from './command-replies.ts';

/**
 * "Full report by DM" under the org-wide roll-up on Home: sends the clicker their `/followup`
 * answer in the app DM (a Home click has no channel or response_url to answer in). The report is
 * scoped by the clicker's own roles, so the button shows nobody more than `/followup` would.
 */

const clickSchema = z
  .object({
    user: z.object({ id: z.string().regex(SLACK_USER_ID) }),
    actions: z.array(z.object({ action_ts: z.string().regex(/^\d+\.\d+$/) }).loose()).min(1),
  })
  .loose();

export function followupReportButtonListener(deps: ReportDeps & Pick<NudgesDeps, 'logger' | 'delivery'>) {
  return async ({ ack, body }: SlackActionMiddlewareArgs) => {
    await ack();
    const parsed = clickSchema.safeParse(body);
    if (!parsed.success) return;
    const userId = parsed.data.user.id;
    const clickedAt = parsed.data.actions[0]?.action_ts ?? '';
    let message: { text: string; blocks?: unknown[] };
    try {
      const answer = await followUpAnswer(deps, userId);
      message = answer ? { text: answer.text, blocks: answer.blocks } : { text: NOT_MATCHED };
    } catch (error) {
      deps.logger.error({ err: error }, 'the follow-up report from Home failed');
      message = { text: COMMAND_FAILED };
    }
    // One DM per click: Slack retrying the same click sends the same key.
    await deps.delivery.enqueue({
      key: `followup-report-${userId}-${clickedAt}`,
      method: 'dm',
      args: { user: userId, ...message },
    });
  };
}
