import { DateTime } from 'luxon';
import { BoundedCache } from '../../platform/bounded-cache.ts';
import { minutesOfDay, WEEKDAYS, type BusinessCalendar } from './sla-policy.ts';

/**
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

/**
 * The memo is module-wide, not per caller, because the conversion is a pure function of (zone, day,
 * time) shared by every scan, digest and contest in the process, and these functions are free
 * functions with no instance to hang it on. It is bounded (a (zone, day, time) entry is about 100
 * bytes, so 200,000 of them stay around 20 MB) and forgets its oldest entries one at a time, so a
 * worker that lives for months over many zones stays flat without the all-at-once clear that made
 * every lead of the next scan pay luxon again.
 */
const MAX_CACHED_INSTANTS = 200_000;
const wallClockInstants = new BoundedCache<string, number>(MAX_CACHED_INSTANTS);

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
export function addBusinessHours(
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
export function businessHoursBetween(a: Date, b: Date, timeZone: string, calendar: BusinessCalendar): number {
  const fromMs = a.getTime();
  const toMs = b.getTime();
  if (toMs < fromMs) return -businessHoursBetween(b, a, timeZone, calendar);
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
export function isWithinBusinessHours(at: Date, timeZone: string, calendar: BusinessCalendar): boolean {
  const window = workingWindow(localDayNumber(at, timeZone), timeZone, calendar);
  const ms = at.getTime();
  return window !== null && ms >= window.startMs && ms < window.endMs;
}

/** Whether the local wall-clock time of `at` is inside [start, end), which may span midnight. */
export function isWithinLocalTimeRange(at: Date, timeZone: string, start: string, end: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone "${timeZone}"`);
  const minute = local.hour * 60 + local.minute;
  const from = minutesOfDay(start);
  const to = minutesOfDay(end);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The local calendar date (YYYY-MM-DD) of `at`: the key for per-day counters such as the digest cap. */
export function localDateKey(at: Date, timeZone: string): string {
  return new Date(localDayNumber(at, timeZone) * DAY_MS).toISOString().slice(0, 10);
}

/** `at` plus whole calendar days in the local zone (a 1-day snooze at 10:00 ends at 10:00 tomorrow). */
export function addLocalDays(at: Date, days: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone "${timeZone}"`);
  return local.plus({ days }).toJSDate();
}
