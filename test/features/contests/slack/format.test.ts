import { describe, expect, it } from 'vitest';
import { rankBadge } from '../../../../src/features/contests/slack/format.ts';
import { formatHours } from '../../../../src/features/nudges/domain/text.ts';

describe('display details', () => {
  it('awards medals only to people who scored', () => {
    expect(rankBadge(1, 3)).toBe('🥇');
    expect(rankBadge(2, 1)).toBe('🥈');
    expect(rankBadge(2, 0)).toBe('2.');
    expect(rankBadge(4, 9)).toBe('4.');
  });

  it('shows long overdue times in days', () => {
    expect(formatHours(26.5)).toBe('26h 30m');
    expect(formatHours(47.99)).toBe('47h 59m');
    expect(formatHours(48)).toBe('2d');
    expect(formatHours(512.78)).toBe('21d 8h');
  });
});
