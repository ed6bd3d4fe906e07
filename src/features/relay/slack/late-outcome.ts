import { failureJob } from '../../../platform/slack/delivery.ts';
import { relayQueue } from '../queue.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { outcomeModal } from './submission-views.ts';

/**
 * A slow submission's outcome, shown in the modal that holds its holding note; if the person closed
 * it meanwhile (Slack answers not_found), the same words come by DM instead of being lost.
 */
export async function showLateOutcome(
  deps: Pick<RelayListenerDeps, 'delivery' | 'logger'>,
  late: { viewId: string; userId: string; title: string; text: string; key: string },
  outcome: { error: unknown } | { result: unknown },
): Promise<void> {
  if ('error' in outcome)
    deps.logger.error({ err: outcome.error, key: late.key }, 'a slow submission failed');
  await deps.delivery.enqueue({
    key: late.key,
    method: 'views.update',
    args: { view_id: late.viewId, view: outcomeModal(late.title, late.text) },
    onFailure: failureJob(relayQueue, 'notice-by-dm', {
      userId: late.userId,
      text: late.text,
      key: late.key,
    }),
  });
}
