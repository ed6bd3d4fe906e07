import { DateTime } from 'luxon';
import { minutesOfDay, WEEKDAYS, type BusinessCalendar } from '../../../src/shared/sla/sla-policy.ts';

/**
 * THE TEST ORACLE, not production code: the step-by-step business clock that
 * src/shared/sla/business-clock.ts replaced (one day at a time, luxon per window), kept verbatim so the
 * O(1) timeline is compared against it on random zones, calendars, DST changes, holidays and spans.
 *
 * Business-hours arithmetic in a person's own time zone. Working hours are wall-clock times, so each
 * day's window is built from local dates with luxon rather than by adding fixed offsets: on a DST
 * change day 09:00–17:00 is still 8 hours, and the UTC instant of 09:00 moves by an hour.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Ten years of days: guards loops against a calendar that never opens (e.g. every day a holiday). */
const MAX_DAYS_SCANNED = 3_660;

interface WorkingWindow {
  startMs: number;
  endMs: number;
}

/**
 * Local calendar days are handled as day numbers (days since 1970-01-01 of the local date), so only
 * turning a local wall-clock time into an instant needs the time-zone database. That conversion is
 * memoised: a scan classifies thousands of leads over the same few hundred days, and luxon costs
 * microseconds per call where a Map lookup costs nanoseconds.
 */
function localDayNumber(at: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone "${timeZone}"`);
  return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / DAY_MS);
}

// Memoised as the production clock was; unbounded here, a test run is short.
const wallClockInstants = new Map<string, number>();

/** The instant of local `time` (HH:MM, '24:00' = next midnight) on local day `day` in `timeZone`. */
function wallClockInstant(day: number, time: string, timeZone: string): number {
  const key = `${timeZone}|${day}|${time}`;
  const cached = wallClockInstants.get(key);
  if (cached !== undefined) return cached;
  const minutes = minutesOfDay(time);
  const date = new Date((day + Math.floor(minutes / 1440)) * DAY_MS);
  // luxon moves a time that does not exist (inside a DST gap) forward, as a wall clock would.
  const instant = DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor((minutes % 1440) / 60),
      minute: minutes % 60,
    },
    { zone: timeZone },
  ).toMillis();
  wallClockInstants.set(key, instant);
  return instant;
}

/** The working window of a local day, or null when the day is a weekend or holiday. */
function workingWindow(day: number, timeZone: string, calendar: BusinessCalendar): WorkingWindow | null {
  const date = new Date(day * DAY_MS);
  const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7];
  if (weekday === undefined || !calendar.workingDays.includes(weekday)) return null;
  if (calendar.holidays.includes(date.toISOString().slice(0, 10))) return null;
  return {
    startMs: wallClockInstant(day, calendar.startOfDay, timeZone),
    endMs: wallClockInstant(day, calendar.endOfDay, timeZone),
  };
}

/**
 * The instant `hours` business hours after `start`. A start outside working hours begins counting at
 * the next opening (Friday 18:00 + 1h is Monday 10:00), so `hours = 0` gives the moment the clock
 * starts. A result that lands exactly on closing time stays there rather than jumping to the next
 * opening.
 */
export function stepAddBusinessHours(
  start: Date,
  hours: number,
  timeZone: string,
  calendar: BusinessCalendar,
): Date {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`business hours must be a finite number ≥ 0, got ${hours}`);
  }
  const startMs = start.getTime();
  let remainingMs = Math.round(hours * HOUR_MS);
  const firstDay = localDayNumber(start, timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day += 1) {
    const window = workingWindow(day, timeZone, calendar);
    if (!window) continue;
    const from = Math.max(window.startMs, startMs);
    if (from >= window.endMs) continue;
    const available = window.endMs - from;
    if (remainingMs <= available) return new Date(from + remainingMs);
    remainingMs -= available;
  }
  throw new RangeError('the business calendar has no working hours in the next ten years');
}

/**
 * Business hours from `a` to `b` (fractional). Negative when `b` is before `a`, so a due date in the
 * future reads as "due in" and one in the past as "overdue by" with the same call.
 */
export function stepBusinessHoursBetween(
  a: Date,
  b: Date,
  timeZone: string,
  calendar: BusinessCalendar,
): number {
  const fromMs = a.getTime();
  const toMs = b.getTime();
  if (toMs < fromMs) return -stepBusinessHoursBetween(b, a, timeZone, calendar);
  let totalMs = 0;
  const lastDay = localDayNumber(b, timeZone);
  for (let day = localDayNumber(a, timeZone); day <= lastDay; day += 1) {
    const window = workingWindow(day, timeZone, calendar);
    if (!window) continue;
    const overlap = Math.min(window.endMs, toMs) - Math.max(window.startMs, fromMs);
    if (overlap > 0) totalMs += overlap;
  }
  return totalMs / HOUR_MS;
}

/** Whether `at` falls inside working hours (opening inclusive, closing exclusive). */
export function stepIsWithinBusinessHours(at: Date, timeZone: string, calendar: BusinessCalendar): boolean {
  const window = workingWindow(localDayNumber(at, timeZone), timeZone, calendar);
  const ms = at.getTime();
  return window !== null && ms >= window.startMs && ms < window.endMs;
}
