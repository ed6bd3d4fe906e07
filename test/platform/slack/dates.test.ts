import { describe, expect, it } from 'vitest';
import { slackDate } from '../../../src/platform/slack/dates.ts';

describe('slackDate', () => {
  it('renders whole seconds, the format and the fallback text', () => {
    const at = new Date('2026-03-02T14:05:30.900Z');
    expect(slackDate(at, '{date_short_pretty} {time}', '2026-03-02 14:05 UTC')).toBe(
      '<!date^1772460330^{date_short_pretty} {time}|2026-03-02 14:05 UTC>',
    );
  });
});
