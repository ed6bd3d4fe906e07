import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { formModal } from '../../../platform/slack/modals.ts';
import { escapeAndTruncate, truncate } from '../../../platform/slack/text.ts';
import { RETURN_REASON_BLOCK } from '../app/decide.ts';

/** The AE's Return modal: the policy's reason and a note; the lead and the DM travel in metadata. */

export const RETURN_VIEW = 'relay.return_modal';
const REASON_ACTION = 'relay.return_reason';
const NOTE_BLOCK = 'relay_return_note';
const NOTE_ACTION = 'relay.return_note';
const NOTE_MAX = 500;

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 75) });

const metadataSchema = z.object({ leadId: z.string(), responseUrl: z.string().url().optional() });
export type ReturnMetadata = z.infer<typeof metadataSchema>;

/** The Return form's title, and the notes that stand in for it while Salesforce is slow. */
export const RETURN_TITLE = 'Return lead';

export function returnModal(input: {
  leadName: string;
  reasons: readonly string[];
  metadata: ReturnMetadata;
}): ModalView {
  return formModal({
    callbackId: RETURN_VIEW,
    title: RETURN_TITLE,
    submit: 'Return',
    privateMetadata: JSON.stringify(input.metadata),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Return *${escapeAndTruncate(input.leadName, 200)}* to nurture.` },
      },
      {
        type: 'input',
        block_id: RETURN_REASON_BLOCK,
        label: plain('Reason'),
        element: {
          type: 'static_select',
          action_id: REASON_ACTION,
          options: input.reasons.map((r) => ({ text: plain(r), value: r })),
        },
      },
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: true,
        label: plain('Note for the SDR and marketing'),
        element: { type: 'plain_text_input', action_id: NOTE_ACTION, multiline: true, max_length: NOTE_MAX },
      },
    ],
  });
}

const stateSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

export function readReturnSubmission(values: unknown): { reason: string | null; note: string } {
  const state = stateSchema.catch({}).parse(values);
  const reason = z
    .object({ value: z.string() })
    .nullable()
    .catch(null)
    .parse(state[RETURN_REASON_BLOCK]?.[REASON_ACTION]?.['selected_option'] ?? null);
  const note = z
    .string()
    .nullable()
    .catch(null)
    .parse(state[NOTE_BLOCK]?.[NOTE_ACTION]?.['value'] ?? null);
  return { reason: reason?.value ?? null, note: (note ?? '').slice(0, NOTE_MAX) };
}

export function readReturnMetadata(raw: string): ReturnMetadata | null {
  try {
    return metadataSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}
