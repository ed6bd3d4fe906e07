import type { ModalView } from '@slack/types';
import { noticeModal } from '../../../platform/slack/modals.ts';
import type { QualifyAnswer } from '../app/qualify.ts';
import type { DecideAnswer } from '../app/decide.ts';

/**
 * What a Qualify or Return modal turns into when Salesforce takes longer than Slack waits for the
 * submission (see platform/slack/submit-within.ts): a holding note, then the outcome in its place.
 */

export const RELAY_NOTICE_VIEW = 'relay.notice';

const notice = (title: string, text: string): ModalView =>
  noticeModal({ callbackId: RELAY_NOTICE_VIEW, title, text });

/** Salesforce failed or never answered: the write may or may not have landed, so say exactly that. */
const UNCONFIRMED = (what: string) =>
  `:warning: bullpen could not confirm the ${what}: Salesforce failed or did not answer in time. ` +
  'It may or may not have been written: open the lead in Salesforce before trying again.';

type Refusal = { ok: false; errors: Record<string, string> } | { ok: false; message: string };

const refusalText = (refusal: Refusal): string =>
  'errors' in refusal ? Object.values(refusal.errors).join(' ') : refusal.message;

export const handoffSavingModal = (): ModalView =>
  notice(
    'Qualify lead',
    ':hourglass_flowing_sand: Saving the hand-off to Salesforce, which is slower than usual. Keep this open: it will say here when it is done.',
  );

export function handoffOutcomeModal(outcome: { result: QualifyAnswer } | { error: unknown }): ModalView {
  if ('error' in outcome) return notice('Qualify lead', UNCONFIRMED('hand-off'));
  const answer = outcome.result;
  if (answer.ok) {
    return notice('Qualify lead', ':white_check_mark: Handed off: the AE has it in their DMs to accept.');
  }
  return notice('Qualify lead', `Not handed off: ${refusalText(answer)}`);
}

export const returnSavingModal = (): ModalView =>
  notice(
    'Return lead',
    ':hourglass_flowing_sand: Saving the return to Salesforce, which is slower than usual. Keep this open: it will say here when it is done.',
  );

export function returnOutcomeModal(
  outcome: { result: DecideAnswer | Refusal } | { error: unknown },
): ModalView {
  if ('error' in outcome) return notice('Return lead', UNCONFIRMED('return'));
  const answer = outcome.result;
  if (answer.ok) return notice('Return lead', ':white_check_mark: Returned to nurture, with your reason.');
  return notice('Return lead', `Not returned: ${refusalText(answer)}`);
}
