import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { followUpAnswer, type ReportDeps } from '../app/reports.ts';
import type { NudgesDeps } from '../deps.ts';
import { COMMAND_FAILED, NOT_MATCHED } from './command-replies.ts';

/**
 * `/followup`: the follow-up rate, the caller's own, their team's for managers, everyone's for
 * admins. Acks at once and answers through response_url.
 */

export function followupCommandListener(deps: ReportDeps & Pick<NudgesDeps, 'logger'>) {
  return async ({ ack, command, respond }: SlackCommandMiddlewareArgs) => {
    await ack();
    try {
      const answer = await followUpAnswer(deps, command.user_id);
      await respond(answer ?? { response_type: 'ephemeral', text: NOT_MATCHED });
    } catch (error) {
      deps.logger.error({ err: error }, '/followup failed');
      await respond({ response_type: 'ephemeral', text: COMMAND_FAILED });
    }
  };
}
