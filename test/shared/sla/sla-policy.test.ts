import { describe, expect, it } from 'vitest';
import {
  defaultSlaPolicy,
  followUpHours,
  resolveTimeZone,
  slaPolicySchema,
} from '../../../src/shared/sla/sla-policy.ts';

const messages = (input: unknown): string[] => {
  const result = slaPolicySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('slaPolicySchema', () => {
  it('defaults every field', () => {
    const policy = defaultSlaPolicy();
    expect(policy.calendar).toMatchObject({
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      startOfDay: '09:00',
    });
    expect(policy.firstTouch.hoursBySource).toMatchObject({ Web: 4, 'Trade Show': 48, 'Purchased List': 72 });
    expect(policy.firstTouch.defaultHours).toBe(24);
    expect(policy.dueSoonShare).toBe(0.8);
    expect(policy.escalationMultiple).toBe(2);
    expect(policy.nudges).toMatchObject({ digestWindowMinutes: 15, maxDigestsPerDay: 3, topLeads: 10 });
    expect(policy.nudges.snoozeOptions.map((o) => o.days)).toEqual([1, 3, 7]);
    expect(policy.disqualifyReasons).toContain('Nurture later');
    expect(policy.statuses).toEqual({
      untouched: ['Open - Not Contacted'],
      open: ['Open - Not Contacted', 'Working - Contacted'],
      disqualified: 'Closed - Not Converted',
    });
    expect(followUpHours(policy)).toBe(24);
  });

  it('lists call outcomes saying which stop the SLA clock and which score, unique and non-empty', () => {
    expect(defaultSlaPolicy().callOutcomes).toEqual([
      { name: 'Connected', stopsClock: true, scores: true },
      { name: 'Left voicemail', stopsClock: true, scores: true },
      { name: 'No answer', stopsClock: true, scores: false },
      { name: 'Wrong number', stopsClock: false, scores: false },
    ]);
    expect(messages({ callOutcomes: [] })).toEqual(['callOutcomes: list at least one call outcome']);
    expect(
      messages({
        callOutcomes: [
          { name: 'Busy', stopsClock: true, scores: false },
          { name: 'busy ', stopsClock: true, scores: true },
        ],
      }),
    ).toEqual(['callOutcomes: call outcome names must be unique']);
    expect(messages({ callOutcomes: [{ name: 'Busy', stopsClock: true }] })[0]).toMatch(
      /^callOutcomes\.0\.scores: /,
    );
  });

  it('keeps defaults of sibling fields when one is set', () => {
    const policy = slaPolicySchema.parse({ calendar: { holidays: ['2026-12-25'] }, nudges: { topLeads: 5 } });
    expect(policy.calendar.endOfDay).toBe('17:00');
    expect(policy.nudges.maxDigestsPerDay).toBe(3);
  });

  it('rejects unknown keys and bad values with specific messages', () => {
    expect(messages({ calender: {} }).join()).toMatch(/calender/);
    expect(messages({ calendar: { startOfDay: '9am' } })).toEqual([
      'calendar.startOfDay: expected a 24-hour time HH:MM, e.g. 09:00 or 17:30',
    ]);
    expect(messages({ calendar: { startOfDay: '18:00' } })).toEqual([
      'calendar.endOfDay: endOfDay must be later than startOfDay (overnight shifts are not supported)',
    ]);
    expect(messages({ calendar: { holidays: ['2026-02-30'] } })).toEqual([
      'calendar.holidays.0: not a real calendar date',
    ]);
    expect(messages({ calendar: { fallbackTimeZone: 'Mars/Olympus' } })[0]).toMatch(/IANA time zone/);
    expect(messages({ nudges: { digestWindowMinutes: 7 } })[0]).toMatch(/divide a day evenly/);
    expect(messages({ dueSoonShare: 1.2 })[0]).toMatch(/less than 1/);
    expect(messages({ statuses: { untouched: ['New'] } })[0]).toMatch(
      /untouched status must also be listed as open/,
    );
    expect(messages({ statuses: { disqualified: 'Working - Contacted' } })[0]).toMatch(
      /may not be an open status/,
    );
  });

  it('falls back to the calendar time zone for unknown owners', () => {
    const policy = slaPolicySchema.parse({ calendar: { fallbackTimeZone: 'Europe/London' } });
    expect(resolveTimeZone('America/Chicago', policy)).toBe('America/Chicago');
    expect(resolveTimeZone(null, policy)).toBe('Europe/London');
    expect(resolveTimeZone('Not/AZone', policy)).toBe('Europe/London');
  });
});
