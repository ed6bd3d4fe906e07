import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { notSavedModal } from './not-saved-modal.ts';

/**
 * Every bullpen form reads what the person entered from `view.state.values`. A submission without
 * it (a client or proxy that dropped it, or a forged request) must not reach a handler that would
 * throw and answer Slack with a 500, which people see as a form that silently will not submit.
 */

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const submissionWithState = z.object({
  view: z.object({ state: z.object({ values: z.record(z.string(), z.unknown()) }) }),
});

export const MISSING_STATE_TEXT =
  'Slack sent this form without the values you entered, so nothing was saved or changed. Close this note and submit the form again; if it keeps happening, tell your bullpen admin.';

const missingStateModal = notSavedModal(MISSING_STATE_TEXT);

export function requireViewState(
  handler: (args: ViewArgs) => Promise<void>,
): (args: ViewArgs) => Promise<void> {
  return async (args) => {
    if (args.body.type === 'view_submission' && !submissionWithState.safeParse(args.body).success) {
      args.logger.warn(`view submission ${args.body.view.callback_id} arrived without state; not saved`);
      await args.ack({ response_action: 'push', view: missingStateModal });
      return;
    }
    await handler(args);
  };
}
