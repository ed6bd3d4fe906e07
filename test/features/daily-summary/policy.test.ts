import { describe, expect, it } from 'vitest';
import { dueLocalDate, dailyContext } from '../../../src/features/daily-summary/app/team-day.ts';
import { dailyPolicySchema } from '../../../src/features/daily-summary/policy.ts';

const team = {
  managerSlackId: 'U0MGR0001',
  managerSalesforceId: null,
  channel: 'C0TEAM001',
  ownerIds: new Set<string>(),
  memberSlackIds: new Set<string>(),
};

describe('the daily summary policy and local day', () => {
  it('refuses bad times, ids and a channel listed twice, each with a specific message', () => {
    const problems = (input: unknown) =>
      dailyPolicySchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(problems({ time: '8:30' })).toEqual(['expected a time like 08:30 (24-hour HH:MM)']);
    expect(problems({ teams: [{ manager: 'priya', channel: 'C0TEAM001' }] })).toEqual([
      'expected a Slack user ID like U012ABCDEF',
    ]);
    expect(problems({ teams: [{ manager: 'U0MGR0001', channel: '#sales' }] })).toEqual([
      'expected a Slack channel ID like C012ABCDEF (not a #name)',
    ]);
    const twice = { manager: 'U0MGR0001', channel: 'C0TEAM001' };
    expect(problems({ teams: [twice, { ...twice, manager: 'U0MGR0002' }] })).toEqual([
      'each channel may appear once (one summary per channel per day)',
    ]);
    expect(dailyPolicySchema.parse({})).toEqual({ time: '08:30', teams: [] });
  });

  it("is due from the set time in the manager's zone, on the manager's date", () => {
    const zone = 'America/New_York';
    // 13:29 UTC is 08:29 in New York (UTC-5 in December): not yet; a minute later it is.
    expect(dueLocalDate(new Date('2026-12-01T13:29:00Z'), zone, '08:30')).toBeNull();
    expect(dueLocalDate(new Date('2026-12-01T13:30:00Z'), zone, '08:30')).toBe('2026-12-01');
    // 02:00 UTC on the 2nd is still the 1st in New York.
    expect(dueLocalDate(new Date('2026-12-02T02:00:00Z'), zone, '08:30')).toBe('2026-12-01');
    const { yesterday } = dailyContext(team, zone, '2026-12-01', new Date('2026-12-01T13:30:00Z'));
    expect(yesterday).toEqual({
      start: new Date('2026-11-30T05:00:00Z'),
      end: new Date('2026-12-01T05:00:00Z'),
    });
  });
});
