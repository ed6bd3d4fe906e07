import { createHmac } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../src/block-kit.ts';
import { slackSignature } from '../src/signing.ts';
import { buildStateValues, missingRequiredInputs } from '../src/view-state.ts';

describe('Slack simulator pure helpers', () => {
  it('signs v0:{ts}:{body} with HMAC-SHA256 as Bolt expects', () => {
    const body = 'token=x&command=%2Fcontest&text=Q3';
    const ts = Math.floor(Date.now() / 1000);
    const signature = slackSignature('secret', ts, body);
    expect(signature).toBe(`v0=${createHmac('sha256', 'secret').update(`v0:${ts}:${body}`).digest('hex')}`);
    const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts };
    expect(isValidSlackRequest({ signingSecret: 'secret', body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: 'secret', body: `${body}&x=1`, headers })).toBe(false);
  });

  it('applies DESIGN.md section 7 Block Kit limits', () => {
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    expect(validateBlocks([section('ok')], 'message')).toEqual([]);
    expect(validateBlocks([section('x'.repeat(3001))], 'message')[0]).toContain('/blocks/0/text/text');
    expect(
      validateBlocks(
        Array.from({ length: 100 }, () => ({ type: 'divider' })),
        'modal',
      ),
    ).toEqual([]);
    expect(
      validateBlocks(
        Array.from({ length: 101 }, () => ({ type: 'divider' })),
        'home',
      ),
    ).toHaveLength(1);
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' }));
    expect(validateBlocks([{ type: 'section', fields }], 'message')[0]).toContain('less than 11 items');
    expect(
      validateBlocks([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], 'message'),
    ).toHaveLength(1);
    const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } };
    expect(validateBlocks([{ type: 'actions', elements: [button] }], 'message')[0]).toContain(
      '/elements/0/text/text',
    );
    expect(
      validateBlocks(
        [
          { type: 'divider', block_id: 'd' },
          { type: 'divider', block_id: 'd' },
        ],
        'message',
      )[0],
    ).toContain('duplicate block_id');
    expect(validateBlocks([{ type: 'carousel' }], 'message')[0]).toContain('unsupported type');
    const title = { type: 'plain_text', text: 'A title that is far too long' };
    expect(validateView({ type: 'modal', title, blocks: [] }, 'modal')[0]).toContain('/view/title/text');
    expect(
      validateView({ type: 'home', blocks: [], private_metadata: 'm'.repeat(3001) }, 'home'),
    ).toHaveLength(1);
  });

  it('encodes entered values in Slack view.state.values shapes and finds missing required inputs', () => {
    const option = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });
    const blocks = [
      { type: 'input', block_id: 'name', element: { type: 'plain_text_input', action_id: 'v' } },
      {
        type: 'input',
        block_id: 'metric',
        element: { type: 'static_select', action_id: 'v', options: [option('calls')] },
      },
      { type: 'input', block_id: 'who', element: { type: 'multi_users_select', action_id: 'v' } },
      {
        type: 'input',
        block_id: 'day',
        element: { type: 'datepicker', action_id: 'v', initial_date: '2030-01-02' },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        element: { type: 'plain_text_input', action_id: 'v' },
      },
    ];
    const values = buildStateValues(blocks, {
      name: { v: 'Q3' },
      metric: { v: 'calls' },
      who: { v: ['U1', 'U2'] },
    });
    expect(values).toEqual({
      name: { v: { type: 'plain_text_input', value: 'Q3' } },
      metric: { v: { type: 'static_select', selected_option: option('calls') } },
      who: { v: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
      day: { v: { type: 'datepicker', selected_date: '2030-01-02' } },
      note: { v: { type: 'plain_text_input', value: null } },
    });
    expect(missingRequiredInputs(blocks, values)).toEqual({});
    expect(Object.keys(missingRequiredInputs(blocks, buildStateValues(blocks, {})))).toEqual([
      'name',
      'metric',
      'who',
    ]);
    expect(() => buildStateValues(blocks, { metric: { v: 'emails' } })).toThrow(/not offered/);
  });
});
