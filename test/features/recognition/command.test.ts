import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { chunkMrkdwn, shoutoutPost } from '../../../src/features/recognition/slack/blocks.ts';
import {
  checkMessage,
  parseShoutoutCommand,
  sanitizeMessage,
} from '../../../src/features/recognition/domain/command.ts';
import { buildShoutoutModal, readShoutoutSubmission } from '../../../src/features/recognition/slack/modal.ts';
import { validateBlocks, validateView } from '@bullpen/slack-simulator';

describe('parseShoutoutCommand', () => {
  it('takes leading mentions as recipients and the rest as the message', () => {
    const parsed = parseShoutoutCommand(
      '<@U0AAA111|ann>, <@U0BBB222> <@U0AAA111|ann> thanks for <@U0CCC333|cy>!',
    );
    expect(parsed).toMatchObject({
      kind: 'post',
      recipients: ['U0AAA111', 'U0BBB222'],
      message: { mrkdwn: 'thanks for <@U0CCC333>!', mentionedUsers: ['U0CCC333'] },
    });
  });

  it('keeps user text escaped and defuses broadcasts, links stay links', () => {
    const message = sanitizeMessage(
      'a &lt;b&gt; &amp;amp; <!here> <!subteam^S0AB|@execs> <#C0SALES1|sales> <https://x.example/a|site> *bold*',
    );
    expect(message.mrkdwn).toBe(
      'a &lt;b&gt; &amp;amp; @here @execs <#C0SALES1> <https://x.example/a|site> *bold*',
    );
    expect(message.plain).toBe('a <b> &amp; @here @execs #sales site *bold*');
  });

  it('recognises help, compose, delete and bad input', () => {
    expect(parseShoutoutCommand('  ')).toEqual({ kind: 'compose' });
    expect(parseShoutoutCommand('HELP')).toEqual({ kind: 'help' });
    expect(parseShoutoutCommand('delete so-1a2b3c4d5e')).toEqual({ kind: 'delete', id: 'so-1a2b3c4d5e' });
    expect(parseShoutoutCommand('delete 42')).toMatchObject({ kind: 'error' });
    expect(parseShoutoutCommand('@bob nice')).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/@bob/),
    });
  });

  it('checks empty and over-long messages by what the reader sees', () => {
    expect(checkMessage(sanitizeMessage('  '), 1_500)).toMatchObject({ ok: false });
    expect(checkMessage(sanitizeMessage('&amp;'.repeat(1_500)), 1_500)).toEqual({ ok: true });
    expect(checkMessage(sanitizeMessage('😀'.repeat(1_501)), 1_500)).toMatchObject({ ok: false });
  });
});

describe('shout-out blocks', () => {
  it('splits long escaped text into valid sections without breaking entities', () => {
    const text = sanitizeMessage('<>&'.repeat(500)).mrkdwn;
    const chunks = chunkMrkdwn(text, 1_000);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1_000);
      expect(chunk).toMatch(/^&(amp|lt|gt);/);
      expect(chunk).toMatch(/;$/);
    }
    const post = shoutoutPost({
      shoutout: { id: 'so-abcdef1234', recipients: ['U0AAA111'], text, style: 'executive' },
      author: { id: 'U0EXEC111', name: 'Morgan Blake', title: 'VP of Sales' },
      opportunity: null,
    });
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
  });

  it('builds a valid modal and reads its submission', () => {
    const view = buildShoutoutModal({
      recipients: ['U0AAA111'],
      message: 'hi',
      opportunities: Array.from({ length: 150 }, (_, i) => ({
        id: `006${i}`,
        name: `Deal ${i} `.repeat(20),
        amount: 1000,
      })),
      selectedOpportunityId: '0065',
      maxMessageLength: 1_500,
      metadata: { channel: null, origin: 'home' },
    });
    expect(validateView(view, 'modal')).toEqual([]);
    expect(
      readShoutoutSubmission({
        shoutout_recipients: {
          recipients_input: { type: 'multi_users_select', selected_users: ['U1', 'U1', 'U2'] },
        },
        shoutout_message: { message_input: { type: 'plain_text_input', value: 'x' } },
        shoutout_opportunity: {
          opportunity_input: { type: 'static_select', selected_option: { value: '0065' } },
        },
      }),
    ).toEqual({ recipients: ['U1', 'U2'], message: 'x', opportunityId: '0065' });
    expect(readShoutoutSubmission('garbage')).toEqual({ recipients: [], message: '', opportunityId: null });
  });

  it('leaves "(optional)" to Slack: the optional opportunity picker does not say it itself', () => {
    // Slack (and the simulator) append "(optional)" to an optional input's label by themselves.
    const view = buildShoutoutModal({
      recipients: [],
      message: '',
      opportunities: [{ id: '0061', name: 'Acme renewal', amount: 1000 }],
      selectedOpportunityId: null,
      maxMessageLength: 1_500,
      metadata: { channel: null, origin: 'home' },
    });
    const optionalLabels = view.blocks
      .filter((block): block is InputBlock => block.type === 'input')
      .flatMap((block) => (block.optional === true ? [block.label.text] : []));
    expect(optionalLabels).toEqual(['Won opportunity']);
  });
});
