import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { formModal } from '../../../platform/slack/modals.ts';
import { escapeAndTruncate, truncate } from '../../../platform/slack/text.ts';
import { AE_BLOCK } from '../app/qualify.ts';
import { choiceBlockId, noteBlockId } from '../domain/criteria.ts';
import type { Criterion } from '../policy.ts';

/**
 * The Qualify modal: one choice (and an optional note) per policy criterion, and the AE, pre-chosen
 * by the routing rule. The AE is a static select of the policy's AEs, or any Slack member when the
 * policy names none. The lead travels in private_metadata.
 */

export const QUALIFY_VIEW = 'relay.qualify_modal';
export const AE_ACTION = 'relay.ae';
const CHOICE_ACTION = 'relay.choice';
const NOTE_ACTION = 'relay.note';
export const NOTE_MAX = 500;

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 75) });
const option = (text: string, value: string) => ({ text: plain(text), value });

export interface AeOption {
  salesforceId: string;
  name: string;
}

export interface QualifyModalInput {
  leadId: string;
  leadName: string;
  company: string | null;
  criteria: readonly Criterion[];
  /** The policy's AEs (static select); empty: a users_select. */
  aes: readonly AeOption[];
  proposedSalesforceId: string | null;
  proposedSlackId: string | null;
}

function criterionBlocks(criterion: Criterion): KnownBlock[] {
  return [
    {
      type: 'input',
      block_id: choiceBlockId(criterion.key),
      optional: !criterion.required,
      label: plain(criterion.label),
      element: {
        type: 'static_select',
        action_id: CHOICE_ACTION,
        options: criterion.choices.map((c) => option(c, c)),
      },
    },
    {
      type: 'input',
      block_id: noteBlockId(criterion.key),
      optional: true,
      label: plain(`${criterion.label} note`),
      element: { type: 'plain_text_input', action_id: NOTE_ACTION, max_length: NOTE_MAX },
    },
  ];
}

function aeBlock(input: QualifyModalInput): KnownBlock {
  const label = plain('Hand off to (AE)');
  if (input.aes.length === 0) {
    return {
      type: 'input',
      block_id: AE_BLOCK,
      label,
      element: {
        type: 'users_select',
        action_id: AE_ACTION,
        ...(input.proposedSlackId ? { initial_user: input.proposedSlackId } : {}),
      },
    };
  }
  const options = input.aes.map((ae) => option(ae.name, ae.salesforceId));
  const initial = options.find((o) => o.value === input.proposedSalesforceId);
  return {
    type: 'input',
    block_id: AE_BLOCK,
    label,
    element: {
      type: 'static_select',
      action_id: AE_ACTION,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

/** The Qualify form's title, and the notes that stand in for it while Salesforce is slow. */
export const QUALIFY_TITLE = 'Qualify lead';

export function qualifyModal(input: QualifyModalInput): ModalView {
  const company = input.company ? ` (${escapeAndTruncate(input.company, 200)})` : '';
  const title = `*${escapeAndTruncate(input.leadName, 200)}*${company}`;
  return formModal({
    callbackId: QUALIFY_VIEW,
    title: QUALIFY_TITLE,
    submit: 'Hand off',
    privateMetadata: JSON.stringify({ leadId: input.leadId }),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: title } },
      ...input.criteria.flatMap(criterionBlocks),
      aeBlock(input),
    ],
  });
}

const stateSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));
const optionSchema = z.object({ value: z.string() }).nullable().catch(null);
const textSchema = z.string().nullable().catch(null);

/** The submission as the use case takes it; the AE is a Salesforce Id or a Slack user id. */
export function readQualifySubmission(
  values: unknown,
  criteria: readonly Criterion[],
): { answers: Map<string, { choice: string | null; note: string }>; ae: string | null } {
  const state = stateSchema.catch({}).parse(values);
  const answers = new Map<string, { choice: string | null; note: string }>();
  for (const c of criteria) {
    const choice = optionSchema.parse(
      state[choiceBlockId(c.key)]?.[CHOICE_ACTION]?.['selected_option'] ?? null,
    );
    const note = textSchema.parse(state[noteBlockId(c.key)]?.[NOTE_ACTION]?.['value'] ?? null);
    answers.set(c.key, { choice: choice?.value ?? null, note: (note ?? '').slice(0, NOTE_MAX) });
  }
  const ae = state[AE_BLOCK]?.[AE_ACTION];
  const picked =
    optionSchema.parse(ae?.['selected_option'] ?? null)?.value ??
    textSchema.parse(ae?.['selected_user'] ?? null);
  return { answers, ae: picked };
}

export const leadOfMetadata = (raw: string): string | null => {
  try {
    return z.object({ leadId: z.string() }).parse(JSON.parse(raw)).leadId;
  } catch {
    return null;
  }
};
