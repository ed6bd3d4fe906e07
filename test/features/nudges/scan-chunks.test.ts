import { describe, expect, it } from 'vitest';
import { chunksByDueLeads } from '../../../src/features/nudges/app/scan-index.ts';

const owners = (counts: number[]) => {
  const users = counts.map((_, i) => ({ Id: `005${i}` }));
  const due = new Map(counts.map((n, i) => [`005${i}`, Array.from({ length: n }, (_, j) => `00Q${i}-${j}`)]));
  return { users, due };
};

describe('the index scan reads due leads in chunks of whole owners', () => {
  it('keeps every owner once, in order, and no chunk above the limit unless one owner is', () => {
    const { users, due } = owners([3, 4, 1, 9, 2, 2, 5, 0, 1]);
    const chunks = chunksByDueLeads(users, due, 6);
    expect(chunks.flat()).toEqual(users);
    const sizes = chunks.map((chunk) => chunk.reduce((sum, u) => sum + (due.get(u.Id)?.length ?? 0), 0));
    expect(sizes).toEqual([3, 5, 9, 4, 6]);
  });

  it('reads 1,000 owners with one due lead each in one chunk, not one per 200 owners', () => {
    const { users, due } = owners(Array.from({ length: 1_000 }, () => 1));
    expect(chunksByDueLeads(users, due)).toHaveLength(1);
  });

  it('reads nothing when no owner is due', () => {
    expect(chunksByDueLeads([], new Map())).toEqual([]);
  });
});
