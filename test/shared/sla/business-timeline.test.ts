import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessHoursBetween,
  isWithinBusinessHours,
} from '../../../src/shared/sla/business-clock.ts';
import {
  businessCalendarSchema,
  businessDayHours,
  WEEKDAYS,
  type BusinessCalendar,
} from '../../../src/shared/sla/sla-policy.ts';
import {
  stepAddBusinessHours,
  stepBusinessHoursBetween,
  stepIsWithinBusinessHours,
} from './step-by-step-clock.ts';

/*
 * The O(1) business clock (running totals per zone and calendar) against the step-by-step clock it
 * replaced, kept as the oracle in step-by-step-clock.ts: random zones (DST north and south, half- and
 * quarter-hour offsets, DST at midnight, no DST), random calendars (working days, hours that open or
 * close inside a DST gap or at midnight, holidays on and around DST changes) and random spans from
 * minutes to more than a year, many of them starting next to a DST change. Results must be identical
 * to the millisecond, errors included.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Havana',
  'America/Santiago',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
];

/** DST changes somewhere among ZONES; many starts fall within days of one. */
const DST_DATES = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-04-04',
  '2026-09-06',
  '2026-09-27',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
  '2027-03-14',
  '2027-03-28',
].map((date) => Date.parse(`${date}T00:00:00Z`));

const TIMES = [
  '00:00',
  '00:30',
  '01:00',
  '02:00',
  '02:30',
  '03:00',
  '08:00',
  '09:00',
  '12:00',
  '17:00',
  '23:30',
];
const ENDS = ['01:30', '02:30', '03:00', '10:00', '12:30', '17:00', '18:00', '23:00', '24:00'];

/** mulberry32: a seeded generator, so a failure reproduces. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Draw {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seeded(seed);
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('empty list');
    return item;
  }

  /**
   * A start instant: anywhere in 2025–2027 or within three days of a DST change; a third of them on
   * a whole half hour, where openings and closings fall.
   */
  instant(): number {
    const roll = this.next();
    let at = this.pick(DST_DATES) + (this.int(6 * 24 * 60) - 3 * 24 * 60) * 60_000 + this.int(60_000);
    if (roll < 0.4) at = Date.parse('2025-01-01T00:00:00Z') + this.int(3 * 365 * 24 * 60) * 60_000;
    // The timeline groups local days in blocks of 32 from 1970-01-01: windows straddle their edges.
    else if (roll < 0.6) at = (640 + this.int(34)) * 32 * DAY + (this.int(40 * 60) - 20 * 60) * 60_000;
    return this.next() < 0.34 ? Math.round(at / (HOUR / 2)) * (HOUR / 2) : at;
  }

  /** A span of wall-clock time from a minute to a year and a half, in milliseconds. */
  span(): number {
    const scale = this.pick([HOUR / 60, HOUR, DAY, 30 * DAY, 365 * DAY]);
    return Math.round(this.next() * 1.5 * scale) + 1;
  }

  /** Business hours from a minute to beyond a year of 8-hour days (2,080 h). */
  hours(): number {
    if (this.next() < 0.1) return 0;
    const scale = this.pick([1 / 60, 1, 8, 160, 2_080]);
    return Math.round(this.next() * 1.5 * scale * 60) / 60;
  }

  calendar(): BusinessCalendar {
    const workingDays = WEEKDAYS.filter(() => this.next() < 0.7);
    let startOfDay = this.pick(TIMES);
    let endOfDay = this.pick(ENDS);
    if (endOfDay <= startOfDay) [startOfDay, endOfDay] = ['09:00', '17:00'];
    const holidays = Array.from({ length: this.int(8) }, () => {
      const near = this.next() < 0.5 ? this.pick(DST_DATES) : this.instant();
      return new Date(near + (this.int(5) - 2) * DAY).toISOString().slice(0, 10);
    });
    return businessCalendarSchema.parse({
      workingDays: workingDays.length > 0 ? workingDays : ['wed'],
      startOfDay,
      endOfDay,
      holidays: [...new Set(holidays)],
    });
  }
}

/** The value or the error message: both clocks must agree on either. */
function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

describe('the O(1) business clock against the step-by-step oracle', () => {
  it('adds business hours to the same millisecond across zones, DST, holidays and long spans', () => {
    const draw = new Draw(20261130);
    for (let n = 0; n < 400; n += 1) {
      const zone = draw.pick(ZONES);
      const calendar = draw.calendar();
      // Some starts are an opening or a closing time: counting from a closing starts at the next opening.
      const opening = stepAddBusinessHours(new Date(draw.instant()), 0, zone, calendar);
      const closing = stepAddBusinessHours(opening, businessDayHours(calendar), zone, calendar);
      const start = draw.pick([new Date(draw.instant()), new Date(draw.instant()), opening, closing]);
      const hours = draw.hours();
      const got = outcome(() => addBusinessHours(start, hours, zone, calendar).getTime());
      const want = outcome(() => stepAddBusinessHours(start, hours, zone, calendar).getTime());
      expect({ n, zone, calendar, start, hours, got }).toEqual({
        n,
        zone,
        calendar,
        start,
        hours,
        got: want,
      });
    }
  });

  it('counts the business hours between two instants exactly, either way round', () => {
    const draw = new Draw(7);
    for (let n = 0; n < 400; n += 1) {
      const zone = draw.pick(ZONES);
      const calendar = draw.calendar();
      const a = new Date(draw.instant());
      const b = new Date(a.getTime() + (draw.next() < 0.2 ? -1 : 1) * draw.span());
      const got = businessHoursBetween(a, b, zone, calendar);
      const want = stepBusinessHoursBetween(a, b, zone, calendar);
      expect({ n, zone, calendar, a, b, got }).toEqual({ n, zone, calendar, a, b, got: want });
    }
  });

  it('knows working hours at the same instants, openings and closings included', () => {
    const draw = new Draw(99);
    for (let n = 0; n < 400; n += 1) {
      const zone = draw.pick(ZONES);
      const calendar = draw.calendar();
      // Half the instants are a window's own opening or closing, where off-by-one errors live.
      const opening = stepAddBusinessHours(new Date(draw.instant()), 0, zone, calendar).getTime();
      const candidates = [draw.instant(), opening, opening - 1, opening + draw.int(3) * HOUR];
      const at = new Date(draw.pick(candidates));
      const got = isWithinBusinessHours(at, zone, calendar);
      expect({ n, zone, calendar, at, got }).toEqual({
        n,
        zone,
        calendar,
        at,
        got: stepIsWithinBusinessHours(at, zone, calendar),
      });
    }
  });

  it('inverts: the hours between a start and start + h business hours are h', () => {
    const draw = new Draw(4242);
    for (let n = 0; n < 500; n += 1) {
      const zone = draw.pick(ZONES);
      const calendar = draw.calendar();
      const start = addBusinessHours(new Date(draw.instant()), 0, zone, calendar);
      const hours = Math.min(draw.hours(), 160);
      const end = addBusinessHours(start, hours, zone, calendar);
      expect(businessHoursBetween(start, end, zone, calendar)).toBeCloseTo(hours, 9);
    }
  });

  it('a calendar that never opens is refused the same way', () => {
    const start = new Date('2026-11-02T12:00:00Z');
    const wednesdays = Array.from({ length: 560 }, (_, week) =>
      new Date(Date.parse('2026-11-04T00:00:00Z') + week * 7 * DAY).toISOString().slice(0, 10),
    );
    const never = businessCalendarSchema.parse({ workingDays: ['wed'], holidays: wednesdays });
    expect(() => addBusinessHours(start, 1, 'Europe/Berlin', never)).toThrow(/no working hours/);
    expect(() => stepAddBusinessHours(start, 1, 'Europe/Berlin', never)).toThrow(/no working hours/);
    expect(businessHoursBetween(start, new Date(start.getTime() + 400 * DAY), 'Europe/Berlin', never)).toBe(
      0,
    );
  });
});
