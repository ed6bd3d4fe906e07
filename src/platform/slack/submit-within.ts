import type { Logger } from '../http/logger.ts';
import type { SlackDelivery } from './delivery.ts';
import { settledWithin } from '../deadline.ts';
import { noticeModal } from './modals.ts';

/**
 * A modal submission whose answer needs Salesforce or Slack first (a write, a users.info check):
 * Slack closes the door on a view_submission not acknowledged within 3 s (the modal shows a
 * connection error, though the write may still land).
 * The work gets until the deadline to answer in the acknowledgement itself (field errors, closing the
 * modal); past it, the modal is turned into a holding view at once and the outcome replaces it when
 * the work ends.
 */

/** A second to spare inside Slack's 3 s for the trip back and a busy event loop (as /shoutout's ack). */
export const SUBMIT_DEADLINE_MS = 2_000;

export interface SubmissionAnswer<T> {
  /** The work, already started. */
  work: Promise<T>;
  /** Done in time: the acknowledgement carries the outcome (errors, or closing the modal). */
  inAck: (result: T) => Promise<void>;
  /** Past the deadline: acknowledge with a holding view (response_action: update). */
  holding: () => Promise<void>;
  /** Then, once the work ends: show its outcome, or its failure, in place of the holding view. */
  later: (outcome: { result: T } | { error: unknown }) => Promise<void>;
  deadlineMs?: number;
}

export async function answerSubmission<T>(answer: SubmissionAnswer<T>): Promise<'in-ack' | 'later'> {
  const first = await settledWithin(answer.work, answer.deadlineMs ?? SUBMIT_DEADLINE_MS);
  if (first.done) {
    await answer.inAck(first.value);
    return 'in-ack';
  }
  await answer.holding();
  const outcome = await answer.work.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  await answer.later(outcome);
  return 'later';
}

/**
 * The outcome of a submission that answered late, in place of its holding note (views.update
 * through the delivery queue); said by DM instead if the person closed the modal meanwhile.
 */
export async function showLateOutcome(
  deps: { delivery: Pick<SlackDelivery, 'enqueue'>; logger: Pick<Logger, 'error'> },
  late: { viewId: string; userId: string; callbackId: string; title: string; text: string; key: string },
  outcome: { error: unknown } | { result: unknown },
): Promise<void> {
  if ('error' in outcome) {
    deps.logger.error({ err: outcome.error, key: late.key }, 'a slow modal submission failed');
  }
  await deps.delivery.enqueue({
    key: late.key,
    method: 'views.update',
    args: {
      view_id: late.viewId,
      view: noticeModal({ callbackId: late.callbackId, title: late.title, text: late.text }),
    },
    orDm: { user: late.userId, text: late.text },
  });
}
