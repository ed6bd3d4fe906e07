import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessHoursBetween,
  isWithinBusinessHours,
  isWithinLocalTimeRange,
  localDateKey,
} from '../../../src/shared/sla/business-clock.ts';
import { businessCalendarSchema } from '../../../src/shared/sla/sla-policy.ts';
import { at } from '../../features/nudges/fixtures.ts';

const NY = 'America/New_York';
const calendar = businessCalendarSchema.parse({});

describe('addBusinessHours', () => {
  it('adds within one working day, fractional hours included', () => {
    // Mon 2026-11-23 09:00 EST = 14:00Z
    expect(addBusinessHours(at('2026-11-23T14:00:00Z'), 1.5, NY, calendar)).toEqual(
      at('2026-11-23T15:30:00Z'),
    );
    expect(addBusinessHours(at('2026-11-23T14:00:00Z'), 0.25, NY, calendar)).toEqual(
      at('2026-11-23T14:15:00Z'),
    );
  });

  it('lands on closing time rather than jumping to the next opening', () => {
    expect(addBusinessHours(at('2026-11-23T14:00:00Z'), 8, NY, calendar)).toEqual(at('2026-11-23T22:00:00Z'));
  });

  it('skips the weekend', () => {
    // Fri 2026-11-20 15:00 EST + 4h = 2h Friday + 2h Monday -> Mon 11:00 EST = 16:00Z
    expect(addBusinessHours(at('2026-11-20T20:00:00Z'), 4, NY, calendar)).toEqual(at('2026-11-23T16:00:00Z'));
  });

  it('starts the clock at the next opening for a lead created outside hours', () => {
    // Fri 2026-11-20 18:00 EST
    const fridayEvening = at('2026-11-20T23:00:00Z');
    expect(addBusinessHours(fridayEvening, 0, NY, calendar)).toEqual(at('2026-11-23T14:00:00Z'));
    expect(addBusinessHours(fridayEvening, 1, NY, calendar)).toEqual(at('2026-11-23T15:00:00Z'));
    // Tue 06:00 EST, before opening
    expect(addBusinessHours(at('2026-11-24T11:00:00Z'), 2, NY, calendar)).toEqual(at('2026-11-24T16:00:00Z'));
  });

  it('crosses the March DST change (2026-03-08) in New York', () => {
    // Fri 2026-03-06 16:00 EST (21:00Z) + 4h = 1h Fri + 3h Mon -> Mon 2026-03-09 12:00 EDT = 16:00Z
    expect(addBusinessHours(at('2026-03-06T21:00:00Z'), 4, NY, calendar)).toEqual(at('2026-03-09T16:00:00Z'));
  });

  it('crosses the November DST change (2026-11-01) in New York', () => {
    // Fri 2026-10-30 16:00 EDT (20:00Z) + 4h -> Mon 2026-11-02 12:00 EST = 17:00Z
    expect(addBusinessHours(at('2026-10-30T20:00:00Z'), 4, NY, calendar)).toEqual(at('2026-11-02T17:00:00Z'));
  });

  it('skips holidays', () => {
    const withThanksgiving = businessCalendarSchema.parse({ holidays: ['2026-11-26'] });
    // Wed 2026-11-25 15:00 EST + 4h = 2h Wed + (Thu off) 2h Fri -> Fri 11:00 EST = 16:00Z
    expect(addBusinessHours(at('2026-11-25T20:00:00Z'), 4, NY, withThanksgiving)).toEqual(
      at('2026-11-27T16:00:00Z'),
    );
    expect(addBusinessHours(at('2026-11-25T20:00:00Z'), 4, NY, calendar)).toEqual(at('2026-11-26T16:00:00Z'));
  });

  it("uses each person's own time zone", () => {
    // 14:00Z on Tue 2026-11-24 is 09:00 in New York but 06:00 in Los Angeles (clock starts 09:00 PST = 17:00Z)
    const start = at('2026-11-24T14:00:00Z');
    expect(addBusinessHours(start, 1, NY, calendar)).toEqual(at('2026-11-24T15:00:00Z'));
    expect(addBusinessHours(start, 1, 'America/Los_Angeles', calendar)).toEqual(at('2026-11-24T18:00:00Z'));
    // 14:00Z is 15:00 in Berlin: 2h left that day, then Wed 09:00 CET (08:00Z) + 1h
    expect(addBusinessHours(start, 3, 'Europe/Berlin', calendar)).toEqual(at('2026-11-25T09:00:00Z'));
  });

  it('honours custom working days and hours', () => {
    const sundayToThursday = businessCalendarSchema.parse({
      workingDays: ['sun', 'mon', 'tue', 'wed', 'thu'],
      startOfDay: '08:30',
      endOfDay: '12:30',
    });
    // Thu 2026-11-26 12:00 in Dubai (UTC+4) = 08:00Z; 0.5h Thu, then Sun 08:30 + 1.5h = 10:00 -> 06:00Z
    expect(addBusinessHours(at('2026-11-26T08:00:00Z'), 2, 'Asia/Dubai', sundayToThursday)).toEqual(
      at('2026-11-29T06:00:00Z'),
    );
  });

  it('rejects negative hours and unknown time zones', () => {
    expect(() => addBusinessHours(at('2026-11-24T14:00:00Z'), -1, NY, calendar)).toThrow(RangeError);
    expect(() => addBusinessHours(at('2026-11-24T14:00:00Z'), 1, 'Mars/Olympus', calendar)).toThrow(
      /time zone/,
    );
  });
});

describe('businessHoursBetween', () => {
  it('counts only working time, across weekends and DST', () => {
    expect(businessHoursBetween(at('2026-03-06T21:00:00Z'), at('2026-03-09T16:00:00Z'), NY, calendar)).toBe(
      4,
    );
    expect(businessHoursBetween(at('2026-10-30T20:00:00Z'), at('2026-11-02T17:00:00Z'), NY, calendar)).toBe(
      4,
    );
    // a whole week: 5 x 8h
    expect(businessHoursBetween(at('2026-11-16T05:00:00Z'), at('2026-11-23T05:00:00Z'), NY, calendar)).toBe(
      40,
    );
  });

  it('shortens a working day whose opening falls in the DST gap', () => {
    const nightShift = businessCalendarSchema.parse({
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      startOfDay: '02:00',
      endOfDay: '10:00',
    });
    // Sun 2026-03-08: 02:00 does not exist in New York; the day opens at 03:00 EDT, so 7 hours
    expect(businessHoursBetween(at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'), NY, nightShift)).toBe(
      7,
    );
    expect(businessHoursBetween(at('2026-03-07T05:00:00Z'), at('2026-03-08T04:00:00Z'), NY, nightShift)).toBe(
      8,
    );
  });

  it('is zero outside hours and negative backwards', () => {
    // Sat 10:00 to Sun 16:00
    expect(businessHoursBetween(at('2026-11-21T15:00:00Z'), at('2026-11-22T21:00:00Z'), NY, calendar)).toBe(
      0,
    );
    expect(businessHoursBetween(at('2026-11-23T16:00:00Z'), at('2026-11-23T14:30:00Z'), NY, calendar)).toBe(
      -1.5,
    );
  });

  it('inverts addBusinessHours for starts inside hours', () => {
    const starts = ['2026-03-05T15:00:00Z', '2026-10-29T19:45:00Z', '2026-11-24T16:10:00Z'];
    for (const start of starts) {
      for (const hours of [0.5, 3, 7.75, 13, 41]) {
        const end = addBusinessHours(at(start), hours, NY, calendar);
        expect(businessHoursBetween(at(start), end, NY, calendar)).toBeCloseTo(hours, 9);
      }
    }
  });
});

describe('calendar predicates', () => {
  it('knows working hours: opening inclusive, closing exclusive', () => {
    expect(isWithinBusinessHours(at('2026-11-24T14:00:00Z'), NY, calendar)).toBe(true);
    expect(isWithinBusinessHours(at('2026-11-24T22:00:00Z'), NY, calendar)).toBe(false);
    expect(isWithinBusinessHours(at('2026-11-21T16:00:00Z'), NY, calendar)).toBe(false); // Saturday
  });

  it('handles local ranges that span midnight', () => {
    expect(isWithinLocalTimeRange(at('2026-11-24T04:00:00Z'), NY, '22:00', '07:00')).toBe(true); // 23:00
    expect(isWithinLocalTimeRange(at('2026-11-24T14:00:00Z'), NY, '22:00', '07:00')).toBe(false); // 09:00
    expect(isWithinLocalTimeRange(at('2026-11-24T17:30:00Z'), NY, '12:00', '13:00')).toBe(true); // 12:30
  });

  it('keys days by local date', () => {
    // 03:00Z on the 25th is still the 24th in New York
    expect(localDateKey(at('2026-11-25T03:00:00Z'), NY)).toBe('2026-11-24');
    expect(localDateKey(at('2026-11-25T03:00:00Z'), 'Europe/Berlin')).toBe('2026-11-25');
  });
});
