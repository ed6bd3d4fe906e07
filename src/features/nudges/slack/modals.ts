import { formModal } from '../../../platform/slack/modals.ts';
import type { types as slack } from '@slack/bolt';
import type { Lead } from '../../../platform/salesforce/records.ts';
import { encodeActionValue, NUDGE_INPUTS, NUDGE_VIEWS, option, plain } from './blocks.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';

/**
 * The Disqualify and Rate-quality modals opened from a digest button, and pure readers that validate
 * their submissions (errors keyed by block_id, ready for `response_action: 'errors'`). The lead and
 * digest ids travel in private_metadata; the handler must still check the clicker owns the lead.
 */

function leadSummaryBlock(lead: Lead): slack.SectionBlock {
  const company = lead.Company ? ` · ${escapeAndTruncate(lead.Company, 80)}` : '';
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeAndTruncate(lead.Name, 80)}*${company}` },
  };
}

export interface ModalInput {
  lead: Lead;
  digestId: string | null;
  policy: SlaPolicy;
}

/** A modal about one lead: its ids travel in private_metadata, its summary heads the blocks. */
function leadModal(
  { lead, digestId }: Pick<ModalInput, 'lead' | 'digestId'>,
  texts: { callbackId: string; title: string; submit: string },
  blocks: slack.KnownBlock[],
): slack.ModalView {
  return formModal({
    ...texts,
    privateMetadata: encodeActionValue({ leadId: lead.Id, digestId }),
    blocks: [leadSummaryBlock(lead), ...blocks],
  });
}

export function buildDisqualifyModal({ lead, digestId, policy }: ModalInput): slack.ModalView {
  return leadModal(
    { lead, digestId },
    { callbackId: NUDGE_VIEWS.disqualify, title: 'Disqualify lead', submit: 'Disqualify' },
    [
      {
        type: 'input',
        block_id: NUDGE_INPUTS.disqualifyReason.blockId,
        label: plain('Reason', 2000),
        element: {
          type: 'static_select',
          action_id: NUDGE_INPUTS.disqualifyReason.actionId,
          placeholder: plain('Pick a reason', 150),
          options: policy.disqualifyReasons.slice(0, 100).map((reason) => option(reason, reason)),
        },
      },
      {
        type: 'input',
        block_id: NUDGE_INPUTS.disqualifyNote.blockId,
        optional: true,
        label: plain('Note for Salesforce', 2000),
        element: {
          type: 'plain_text_input',
          action_id: NUDGE_INPUTS.disqualifyNote.actionId,
          multiline: true,
          max_length: 1000,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Sets the lead's status to *${escapeAndTruncate(policy.statuses.disqualified, 80)}*.`,
          },
        ],
      },
    ],
  );
}

export function buildRateQualityModal({ lead, digestId, policy }: ModalInput): slack.ModalView {
  const { goodReasons, badReasons } = policy.leadQuality;
  return leadModal(
    { lead, digestId },
    { callbackId: NUDGE_VIEWS.rateQuality, title: 'Rate lead quality', submit: 'Send to marketing' },
    [
      {
        type: 'input',
        block_id: NUDGE_INPUTS.qualityRating.blockId,
        label: plain('How good was this lead?', 2000),
        element: {
          type: 'radio_buttons',
          action_id: NUDGE_INPUTS.qualityRating.actionId,
          options: [option(':thumbsup: Good lead', 'good'), option(':thumbsdown: Bad lead', 'bad')],
        },
      },
      {
        type: 'input',
        block_id: NUDGE_INPUTS.qualityReason.blockId,
        label: plain('Why?', 2000),
        element: {
          type: 'static_select',
          action_id: NUDGE_INPUTS.qualityReason.actionId,
          placeholder: plain('Pick a reason', 150),
          option_groups: [
            {
              label: plain('Good lead', 75),
              options: goodReasons.slice(0, 100).map((r) => option(r, `good|${r}`)),
            },
            {
              label: plain('Bad lead', 75),
              options: badReasons.slice(0, 100).map((r) => option(r, `bad|${r}`)),
            },
          ],
        },
      },
    ],
  );
}

/** The subset of `view.state.values` the readers need. */
export type ViewStateValues = Record<
  string,
  Record<string, { selected_option?: { value: string } | null; value?: string | null }>
>;

export type SubmissionResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const selectedValue = (values: ViewStateValues, input: { blockId: string; actionId: string }) =>
  values[input.blockId]?.[input.actionId]?.selected_option?.value ?? null;

/** Validates a Disqualify submission; errors are keyed by block_id for `response_action: 'errors'`. */
export function readDisqualifySubmission(
  values: ViewStateValues,
  policy: SlaPolicy,
): SubmissionResult<{ reason: string; note: string | null }> {
  const reason = selectedValue(values, NUDGE_INPUTS.disqualifyReason);
  if (reason === null || !policy.disqualifyReasons.includes(reason)) {
    return {
      ok: false,
      errors: { [NUDGE_INPUTS.disqualifyReason.blockId]: 'Pick one of the listed reasons.' },
    };
  }
  const { blockId, actionId } = NUDGE_INPUTS.disqualifyNote;
  const note = values[blockId]?.[actionId]?.value?.trim() || null;
  return { ok: true, value: { reason, note } };
}

export function readRateQualitySubmission(
  values: ViewStateValues,
  policy: SlaPolicy,
): SubmissionResult<{ rating: 'good' | 'bad'; reason: string }> {
  const rating = selectedValue(values, NUDGE_INPUTS.qualityRating);
  if (rating !== 'good' && rating !== 'bad') {
    return { ok: false, errors: { [NUDGE_INPUTS.qualityRating.blockId]: 'Choose good or bad.' } };
  }
  const raw = selectedValue(values, NUDGE_INPUTS.qualityReason) ?? '';
  const separator = raw.indexOf('|');
  const group = raw.slice(0, separator);
  const reason = raw.slice(separator + 1);
  const allowed = rating === 'good' ? policy.leadQuality.goodReasons : policy.leadQuality.badReasons;
  if (separator < 0 || group !== rating || !allowed.includes(reason)) {
    return {
      ok: false,
      errors: {
        [NUDGE_INPUTS.qualityReason.blockId]:
          `Pick a reason from the "${rating === 'good' ? 'Good' : 'Bad'} lead" list.`,
      },
    };
  }
  return { ok: true, value: { rating, reason } };
}
