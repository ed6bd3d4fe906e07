import type { InputBlock, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildLogCallModal,
  CALL_NOTE_MAX,
  decodeLogCallMetadata,
  encodeLogCallMetadata,
  LOG_CALL_INPUTS,
  readLogCallSubmission,
} from '../../../../src/features/nudges/slack/log-call-modal.ts';
import { defaultSlaPolicy } from '../../../../src/shared/sla/sla-policy.ts';
import { leadId, makeLead, sfDateTime } from '../fixtures.ts';

const outcomes = defaultSlaPolicy().callOutcomes;
const lead = makeLead({ Id: leadId(1), Name: 'Jane <Doe>', CreatedDate: sfDateTime('2026-11-23T14:00:00Z') });
const origin = { value: { leadId: leadId(1), digestId: 'digest-1', snoozeDays: null }, fromHome: false };
const { outcome: OUTCOME, note: NOTE } = LOG_CALL_INPUTS;

const outcomeElement = (lastOutcome: string | null) => {
  const view = buildLogCallModal({ lead, origin, outcomes, lastOutcome });
  const input = view.blocks.find((b) => b.block_id === OUTCOME.blockId) as InputBlock | undefined;
  const element = input?.element as StaticSelect | undefined;
  if (element?.type !== 'static_select') throw new Error('no outcome select');
  return { view, element };
};

describe('the Log call modal', () => {
  it("lists the policy's outcomes, pre-selects the rep's last one, and offers an optional bounded note", () => {
    const { view, element } = outcomeElement('Left voicemail');
    expect(view.callback_id).toBe('nudge.log_call_modal');
    expect(element.options?.map((o) => o.value)).toEqual(outcomes.map((o) => o.name));
    expect(element.initial_option?.value).toBe('Left voicemail');
    const note = view.blocks.find((b) => b.block_id === NOTE.blockId);
    expect(note).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input', multiline: true, max_length: CALL_NOTE_MAX },
    });
    expect(JSON.stringify(view.blocks)).toContain('Jane &lt;Doe&gt;');
    expect(decodeLogCallMetadata(view.private_metadata ?? '')).toEqual(origin);
  });

  it('pre-selects nothing the first time, or when the last outcome is no longer listed', () => {
    expect(outcomeElement(null).element.initial_option).toBeUndefined();
    expect(outcomeElement('Busy signal').element.initial_option).toBeUndefined();
    // Matched as the policy spells it.
    expect(outcomeElement('wrong number').element.initial_option?.value).toBe('Wrong number');
  });

  it('carries where the click came from, and refuses metadata it did not write', () => {
    const fromLeads = {
      ...origin,
      value: { ...origin.value, digestId: null },
      responseUrl: 'https://hooks.slack.com/x',
    };
    expect(decodeLogCallMetadata(encodeLogCallMetadata(fromLeads))).toEqual(fromLeads);
    const home = { ...origin, fromHome: true };
    expect(decodeLogCallMetadata(encodeLogCallMetadata(home))).toEqual(home);
    expect(decodeLogCallMetadata('not json')).toBeNull();
    expect(decodeLogCallMetadata(JSON.stringify({ v: 'not-an-id' }))).toBeNull();
    expect(decodeLogCallMetadata(JSON.stringify({ v: leadId(1), extra: 1 }))).toBeNull();
  });

  it('reads a submission: a listed outcome and the trimmed note, else a field error', () => {
    const values = (outcome: string | null, note: string | null = null) => ({
      [OUTCOME.blockId]: {
        [OUTCOME.actionId]: { selected_option: outcome === null ? null : { value: outcome } },
      },
      [NOTE.blockId]: { [NOTE.actionId]: { value: note } },
    });
    expect(readLogCallSubmission(values('Wrong number', '  old number  '), outcomes)).toEqual({
      ok: true,
      value: { outcome: { name: 'Wrong number', stopsClock: false, scores: false }, note: 'old number' },
    });
    expect(readLogCallSubmission(values('Connected', '   '), outcomes)).toMatchObject({
      ok: true,
      value: { note: null },
    });
    for (const bad of [values(null), values('Busy signal'), {}]) {
      expect(readLogCallSubmission(bad, outcomes)).toEqual({
        ok: false,
        errors: { [OUTCOME.blockId]: 'Pick how the call went from the list.' },
      });
    }
    const long = readLogCallSubmission(values('Connected', 'x'.repeat(CALL_NOTE_MAX + 1)), outcomes);
    expect(long).toMatchObject({
      ok: false,
      errors: { [NOTE.blockId]: expect.stringMatching(/at most 1000/) },
    });
  });
});
