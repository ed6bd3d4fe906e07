import { formModal } from '../../../platform/slack/modals.ts';
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { truncate } from '../../../platform/slack/text.ts';
import { formatAmount, type OpportunityChoice } from '../domain/opportunity.ts';

/** The shout-out modal: recipients, message, an optional won opportunity. */

export const SHOUTOUT_VIEW = 'shoutout_modal';

export const SHOUTOUT_BLOCKS = {
  recipients: 'shoutout_recipients',
  message: 'shoutout_message',
  opportunity: 'shoutout_opportunity',
} as const;

export const SHOUTOUT_INPUTS = {
  recipients: 'recipients_input',
  message: 'message_input',
  opportunity: 'opportunity_input',
} as const;

const MAX_OPTIONS = 100;

export const modalMetadataSchema = z.object({
  /** The channel the modal was opened from, when that is where the post may go. */
  channel: z.string().nullable(),
  origin: z.enum(['command', 'shortcut', 'win-prompt', 'home']),
});
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

export interface ShoutoutModalInput {
  recipients: readonly string[];
  message: string;
  opportunities: readonly OpportunityChoice[];
  selectedOpportunityId: string | null;
  maxMessageLength: number;
  metadata: ModalMetadata;
}

const optionFor = (choice: OpportunityChoice): PlainTextOption => ({
  text: { type: 'plain_text', text: truncate(`${choice.name} · ${formatAmount(choice.amount)}`, 75) },
  value: choice.id,
});

function recipientsBlock(recipients: readonly string[]): KnownBlock {
  return {
    type: 'input',
    block_id: SHOUTOUT_BLOCKS.recipients,
    label: { type: 'plain_text', text: 'Who are you recognising?' },
    element: {
      type: 'multi_users_select',
      action_id: SHOUTOUT_INPUTS.recipients,
      placeholder: { type: 'plain_text', text: 'Pick people' },
      max_selected_items: 20,
      ...(recipients.length > 0 ? { initial_users: [...recipients] } : {}),
    },
  };
}

function messageBlock(message: string, maxMessageLength: number): KnownBlock {
  return {
    type: 'input',
    block_id: SHOUTOUT_BLOCKS.message,
    label: { type: 'plain_text', text: 'What did they do?' },
    element: {
      type: 'plain_text_input',
      action_id: SHOUTOUT_INPUTS.message,
      multiline: true,
      max_length: maxMessageLength,
      placeholder: { type: 'plain_text', text: 'Be specific: what, and why it mattered' },
      ...(message !== '' ? { initial_value: truncate(message, maxMessageLength) } : {}),
    },
  };
}

/** The won-opportunity picker, or a note saying there is nothing to link yet. */
function opportunityBlock(choices: readonly OpportunityChoice[], selectedId: string | null): KnownBlock {
  const options = choices.slice(0, MAX_OPTIONS).map(optionFor);
  const selected = options.find((o) => o.value === selectedId);
  if (options.length === 0) {
    return {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'No won opportunities have been synced yet, so there is none to link.' },
      ],
    };
  }
  return {
    type: 'input',
    block_id: SHOUTOUT_BLOCKS.opportunity,
    optional: true,
    label: { type: 'plain_text', text: 'Won opportunity' },
    element: {
      type: 'static_select',
      action_id: SHOUTOUT_INPUTS.opportunity,
      placeholder: { type: 'plain_text', text: 'Link a Closed Won deal' },
      options,
      ...(selected ? { initial_option: selected } : {}),
    },
  };
}

/** The shout-out form's title, and the notes that stand in for it. */
export const SHOUTOUT_TITLE = 'Shout-out';

export function buildShoutoutModal(input: ShoutoutModalInput): ModalView {
  return formModal({
    callbackId: SHOUTOUT_VIEW,
    title: SHOUTOUT_TITLE,
    submit: 'Post',
    privateMetadata: JSON.stringify(input.metadata),
    blocks: [
      recipientsBlock(input.recipients),
      messageBlock(input.message, input.maxMessageLength),
      opportunityBlock(input.opportunities, input.selectedOpportunityId),
    ],
  });
}

const stateSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

export interface ModalSubmission {
  recipients: string[];
  message: string;
  opportunityId: string | null;
}

/** Reads the submitted values; anything malformed reads as empty and is refused by the checks. */
export function readShoutoutSubmission(values: unknown): ModalSubmission {
  const state = stateSchema.safeParse(values);
  const blocks = state.success ? state.data : {};
  const recipients = z
    .array(z.string())
    .catch([])
    .parse(blocks[SHOUTOUT_BLOCKS.recipients]?.[SHOUTOUT_INPUTS.recipients]?.['selected_users']);
  const message = z
    .string()
    .nullable()
    .catch(null)
    .parse(blocks[SHOUTOUT_BLOCKS.message]?.[SHOUTOUT_INPUTS.message]?.['value']);
  const option = z
    .object({ value: z.string() })
    .nullable()
    .catch(null)
    .parse(blocks[SHOUTOUT_BLOCKS.opportunity]?.[SHOUTOUT_INPUTS.opportunity]?.['selected_option'] ?? null);
  return {
    recipients: [...new Set(recipients)],
    message: message ?? '',
    opportunityId: option?.value ?? null,
  };
}
