import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/platform/bounded-cache.ts';
import { isValidTimeZone } from '../../../src/platform/time-zones.ts';

describe('BoundedCache', () => {
  it('never holds more than its capacity and forgets the oldest entry first', () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, i);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([1, 2, 3]);
    cache.set('b', 10);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBe(10);
  });

  it('computes a missing value once and keeps it', () => {
    const cache = new BoundedCache<string, number>(2);
    let calls = 0;
    const compute = (key: string) => {
      calls += 1;
      return key.length;
    };
    expect(cache.getOrCompute('abc', compute)).toBe(3);
    expect(cache.getOrCompute('abc', compute)).toBe(3);
    expect(calls).toBe(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow('capacity must be a positive integer');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses the rest, every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(isValidTimeZone('America/New_York')).toBe(true);
      expect(isValidTimeZone('Not/A_Zone')).toBe(false);
      expect(isValidTimeZone('')).toBe(false);
    }
  });
});
