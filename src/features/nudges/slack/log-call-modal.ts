import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import { formModal } from '../../../platform/slack/modals.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import type { Lead } from '../../../platform/salesforce/records.ts';
import { callOutcomeFor, type CallOutcome } from '../../../shared/sla/call-outcomes.ts';
import {
  decodeActionValue,
  encodeActionValue,
  NUDGE_VIEWS,
  option,
  plain,
  type ActionValue,
} from './blocks.ts';
import type { SubmissionResult, ViewStateValues } from './modals.ts';

/**
 * The Log call modal: which outcome the call had (the policy's `callOutcomes`, pre-selected with
 * the rep's last one so it stays one click to open and one to submit) and an optional note. The
 * lead, the digest and where to answer travel in private_metadata; the submission is read by a pure,
 * validating reader whose errors are keyed by block_id for `response_action: 'errors'`.
 */

export const LOG_CALL_VIEW = NUDGE_VIEWS.logCall;

export const LOG_CALL_INPUTS = {
  outcome: { blockId: 'call_outcome', actionId: 'nudge.call_outcome' },
  note: { blockId: 'call_note', actionId: 'nudge.call_note' },
} as const;

/** Long enough for what a rep types after a call; the Task's Description holds far more. */
export const CALL_NOTE_MAX = 1000;

/** Where the Log call click came from, so the submission can answer there. */
export interface LogCallOrigin {
  value: ActionValue;
  /** App Home: refreshed after the submission, so the lead leaves it at once. */
  fromHome: boolean;
  /** A message that is not a digest (a /leads answer): answered through its response_url. */
  responseUrl?: string;
}

const metadataSchema = z
  .object({ v: z.string().max(300), h: z.boolean().optional(), r: z.string().url().max(2000).optional() })
  .strict();

export function encodeLogCallMetadata(origin: LogCallOrigin): string {
  const { leadId, digestId } = origin.value;
  return JSON.stringify({
    v: encodeActionValue({ leadId, digestId }),
    ...(origin.fromHome ? { h: true } : {}),
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
  });
}

/** The origin a Log call modal carries; null for anything this module did not write. */
export function decodeLogCallMetadata(raw: string): LogCallOrigin | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = metadataSchema.safeParse(parsed);
  const value = result.success ? decodeActionValue(result.data.v) : null;
  if (!result.success || !value) return null;
  return {
    value,
    fromHome: result.data.h === true,
    ...(result.data.r ? { responseUrl: result.data.r } : {}),
  };
}

function leadLine(lead: Lead): slack.SectionBlock {
  const company = lead.Company ? ` · ${escapeAndTruncate(lead.Company, 80)}` : '';
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeAndTruncate(lead.Name || 'Unnamed lead', 80)}*${company}` },
  };
}

function outcomeInput(outcomes: readonly CallOutcome[], last: CallOutcome | null): slack.InputBlock {
  const options = outcomes.slice(0, 100).map((o) => option(o.name, o.name));
  const initial = last ? options.find((o) => o.value === last.name) : undefined;
  return {
    type: 'input',
    block_id: LOG_CALL_INPUTS.outcome.blockId,
    label: plain('Outcome', 2000),
    element: {
      type: 'static_select',
      action_id: LOG_CALL_INPUTS.outcome.actionId,
      placeholder: plain('How did the call go?', 150),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

const noteInput = (): slack.InputBlock => ({
  type: 'input',
  block_id: LOG_CALL_INPUTS.note.blockId,
  optional: true,
  label: plain('Note for Salesforce', 2000),
  element: {
    type: 'plain_text_input',
    action_id: LOG_CALL_INPUTS.note.actionId,
    multiline: true,
    max_length: CALL_NOTE_MAX,
  },
});

export interface LogCallModalInput {
  lead: Lead;
  origin: LogCallOrigin;
  outcomes: readonly CallOutcome[];
  /** The outcome this rep picked last time, if any; pre-selected when the policy still lists it. */
  lastOutcome: string | null;
}

export function buildLogCallModal({
  lead,
  origin,
  outcomes,
  lastOutcome,
}: LogCallModalInput): slack.ModalView {
  return formModal({
    callbackId: LOG_CALL_VIEW,
    title: 'Log call',
    submit: 'Log call',
    privateMetadata: encodeLogCallMetadata(origin),
    blocks: [leadLine(lead), outcomeInput(outcomes, callOutcomeFor(lastOutcome, outcomes)), noteInput()],
  });
}

/** The outcome (as the policy spells it) and the trimmed note, or the errors to show. */
export function readLogCallSubmission(
  values: ViewStateValues,
  outcomes: readonly CallOutcome[],
): SubmissionResult<{ outcome: CallOutcome; note: string | null }> {
  const { outcome: outcomeIds, note: noteIds } = LOG_CALL_INPUTS;
  const picked = values[outcomeIds.blockId]?.[outcomeIds.actionId]?.selected_option?.value ?? null;
  const outcome = picked === null ? null : (outcomes.find((o) => o.name === picked) ?? null);
  if (!outcome) {
    return { ok: false, errors: { [outcomeIds.blockId]: 'Pick how the call went from the list.' } };
  }
  const note = values[noteIds.blockId]?.[noteIds.actionId]?.value?.trim() || null;
  if (note && note.length > CALL_NOTE_MAX) {
    return {
      ok: false,
      errors: {
        [noteIds.blockId]: `A note is at most ${CALL_NOTE_MAX} characters (this one has ${note.length}).`,
      },
    };
  }
  return { ok: true, value: { outcome, note } };
}
