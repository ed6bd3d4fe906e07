import { describe, expect, it } from 'vitest';
import { youSent } from '../../../src/platform/slack/you-sent.ts';

describe('youSent', () => {
  it('quotes the command back, escaped for mrkdwn, line by line', () => {
    expect(youSent('/shoutout', '<@U1> great\n<!channel> & more')).toBe(
      'You sent:\n> /shoutout &lt;@U1&gt; great\n> &lt;!channel&gt; &amp; more',
    );
  });

  it('clips very long text', () => {
    const sent = youSent('/shoutout', 'x'.repeat(5000), 100);
    expect(sent.length).toBeLessThan(130);
    expect(sent.endsWith('…')).toBe(true);
  });
});
