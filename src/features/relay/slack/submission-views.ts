import type { ModalView } from '@slack/types';
import { noticeModal } from '../../../platform/slack/modals.ts';
import { showLateOutcome } from '../../../platform/slack/submit-within.ts';
import type { QualifyAnswer } from '../app/qualify.ts';
import type { DecideAnswer } from '../app/decide.ts';
import { QUALIFY_TITLE } from './qualify-modal.ts';
import { RETURN_TITLE } from './return-modal.ts';

/**
 * What a Qualify or Return modal turns into when Salesforce takes longer than Slack waits (see
 * platform/slack/submit-within.ts): a holding note, then the outcome in its place.
 */

export const RELAY_NOTICE_VIEW = 'relay.notice';
const TITLES = { qualify: QUALIFY_TITLE, return: RETURN_TITLE } as const;

/** A relay modal that only says something (holding note, outcome, refusal). */
export const relayNotice = (title: string, text: string): ModalView =>
  noticeModal({ callbackId: RELAY_NOTICE_VIEW, title, text });

/** Salesforce failed or never answered: the write may or may not have landed, so say exactly that. */
const UNCONFIRMED = (what: string) =>
  `:warning: bullpen could not confirm the ${what}: Salesforce failed or did not answer in time. ` +
  'It may or may not have been written: open the lead in Salesforce before trying again.';

type Refusal = { ok: false; errors: Record<string, string> } | { ok: false; message: string };

const refusalText = (refusal: Refusal): string =>
  'errors' in refusal ? Object.values(refusal.errors).join(' ') : refusal.message;

export const handoffSavingModal = (): ModalView =>
  relayNotice(
    QUALIFY_TITLE,
    ':hourglass_flowing_sand: Saving the hand-off to Salesforce, which is slower than usual. Keep this open: it will say here when it is done.',
  );

/** What a late hand-off came to, in words (shown in the modal, or sent by DM if it was closed). */
export function handoffOutcomeText(outcome: { result: QualifyAnswer } | { error: unknown }): string {
  if ('error' in outcome) return UNCONFIRMED('hand-off');
  const answer = outcome.result;
  if (answer.ok) return ':white_check_mark: Handed off: the AE has it in their DMs to accept.';
  return `Not handed off: ${refusalText(answer)}`;
}

export const returnSavingModal = (): ModalView =>
  relayNotice(
    RETURN_TITLE,
    ':hourglass_flowing_sand: Saving the return to Salesforce, which is slower than usual. Keep this open: it will say here when it is done.',
  );

/** What a late return came to, in words. */
export function returnOutcomeText(outcome: { result: DecideAnswer | Refusal } | { error: unknown }): string {
  if ('error' in outcome) return UNCONFIRMED('return');
  const answer = outcome.result;
  if (answer.ok) return ':white_check_mark: Returned to nurture, with your reason.';
  return `Not returned: ${refusalText(answer)}`;
}

/**
 * A relay modal's late outcome in place of its holding note (or by DM if it was closed), under the
 * form's title and keyed by the step and the submitted view.
 */
export function showRelayOutcome(
  deps: Parameters<typeof showLateOutcome>[0],
  step: keyof typeof TITLES,
  submitted: { viewId: string; userId: string },
  text: string,
  outcome: { error: unknown } | { result: unknown },
): Promise<void> {
  return showLateOutcome(
    deps,
    {
      ...submitted,
      callbackId: RELAY_NOTICE_VIEW,
      title: TITLES[step],
      text,
      key: `relay-${step}-${submitted.viewId}`,
    },
    outcome,
  );
}
