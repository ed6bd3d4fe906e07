import { describe, expect, it } from 'vitest';
import {
  decidedStillNeeded,
  rateBasisPoints,
  wilsonLowerBound,
} from '../../../../src/features/contests/domain/hit-rate.ts';

describe('the Wilson lower bound of an SLA hit rate', () => {
  it('matches known values at 95% (z = 1.96)', () => {
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(0.2065, 4);
    // 0.895043…: often quoted as 0.8951, which is this to three places, not four.
    expect(wilsonLowerBound(49, 50)).toBeCloseTo(0.89504, 5);
    expect(wilsonLowerBound(49, 50)).toBeCloseTo(0.8951, 3);
    expect(wilsonLowerBound(5, 10)).toBeCloseTo(0.2366, 4);
  });

  it('ranks a long record above a lucky single lead, and is 0 with nothing decided or nothing hit', () => {
    expect(wilsonLowerBound(49, 50)).toBeGreaterThan(wilsonLowerBound(1, 1));
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(0, 7)).toBe(0);
  });

  it('grows with evidence at the same rate, and never exceeds the rate itself', () => {
    expect(wilsonLowerBound(10, 10)).toBeGreaterThan(wilsonLowerBound(2, 2));
    for (const [hits, decided] of [
      [1, 1],
      [3, 4],
      [49, 50],
      [100, 100],
    ] as const) {
      expect(wilsonLowerBound(hits, decided)).toBeLessThanOrEqual(hits / decided);
    }
  });

  it('gives the rate in basis points and how many decided leads are still missing', () => {
    expect(rateBasisPoints({ hits: 49, decided: 50 })).toBe(9800);
    expect(rateBasisPoints({ hits: 0, decided: 0 })).toBe(0);
    expect(decidedStillNeeded({ hits: 1, decided: 1 }, 5)).toBe(4);
    expect(decidedStillNeeded({ hits: 1, decided: 9 }, 5)).toBe(0);
  });
});
