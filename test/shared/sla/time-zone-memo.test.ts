import { IANAZone } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contestSchema } from '../../../src/features/contests/domain/model.ts';
import { resolveTimeZone, slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';

// luxon's check costs ~200 µs and native memory every call: each zone is checked once per process.
const contest = (timeZone: string) => ({
  id: 'ctzmemo1',
  name: 'Zone memo',
  metric: 'followups',
  window: { start: new Date('2026-11-02T14:00:00Z'), end: new Date('2026-11-03T14:00:00Z') },
  timeZone,
  channelId: 'CZONEMEMO',
  participants: { kind: 'users', userIds: ['UZONE1'] },
  scope: { kind: 'all' },
  createdBy: 'UZONEBOSS',
  createdAt: new Date('2026-11-01T14:00:00Z'),
  status: 'scheduled',
});

describe('time zones are validated once per zone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parsing the same contest many times checks its zone with luxon at most once', () => {
    const check = vi.spyOn(IANAZone, 'isValidZone');
    for (let i = 0; i < 50; i++)
      expect(contestSchema.parse(contest('Pacific/Chatham')).timeZone).toBe('Pacific/Chatham');
    expect(check.mock.calls.filter(([zone]) => zone === 'Pacific/Chatham').length).toBeLessThanOrEqual(1);
  });

  it('resolving owners’ zones checks each zone at most once, and a bad zone still falls back', () => {
    const policy = slaPolicySchema.parse({});
    const check = vi.spyOn(IANAZone, 'isValidZone');
    for (let i = 0; i < 50; i++) {
      expect(resolveTimeZone('Asia/Kathmandu', policy)).toBe('Asia/Kathmandu');
      expect(resolveTimeZone('Mars/Olympus_Mons', policy)).toBe(policy.calendar.fallbackTimeZone);
    }
    expect(check.mock.calls.filter(([zone]) => zone === 'Asia/Kathmandu').length).toBeLessThanOrEqual(1);
    expect(check.mock.calls.filter(([zone]) => zone === 'Mars/Olympus_Mons').length).toBeLessThanOrEqual(1);
  });

  it('a contest in an unknown zone is still refused with the same error', () => {
    for (let i = 0; i < 3; i++) {
      const result = contestSchema.safeParse(contest('Mars/Olympus_Mons'));
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('expected an IANA time zone');
    }
  });
});
