import { DateTime } from 'luxon';
import { zoneNamed } from '../../platform/time-zones.ts';
import { timelineFor } from './business-timeline.ts';
import { minutesOfDay, type BusinessCalendar } from './sla-policy.ts';

/**
 * Business-hours arithmetic in a person's own time zone. Working hours are wall-clock times, so each
 * day's window is built from local dates with luxon rather than by adding fixed offsets: on a DST
 * change day 09:00–17:00 is still 8 hours, and the UTC instant of 09:00 moves by an hour. The windows
 * live in a per-(zone, calendar) timeline of running totals (business-timeline.ts), so each call here
 * costs the same however far apart its instants are.
 */

const HOUR_MS = 3_600_000;

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
  const timeline = timelineFor(timeZone, calendar);
  return new Date(timeline.addMs(start.getTime(), Math.round(hours * HOUR_MS)));
}

/**
 * Business hours from `a` to `b` (fractional). Negative when `b` is before `a`, so a due date in the
 * future reads as "due in" and one in the past as "overdue by" with the same call.
 */
export function businessHoursBetween(a: Date, b: Date, timeZone: string, calendar: BusinessCalendar): number {
  const fromMs = a.getTime();
  const toMs = b.getTime();
  const timeline = timelineFor(timeZone, calendar);
  if (toMs < fromMs) return -timeline.msBetween(toMs, fromMs) / HOUR_MS;
  return timeline.msBetween(fromMs, toMs) / HOUR_MS;
}

/** Whether `at` falls inside working hours (opening inclusive, closing exclusive). */
export function isWithinBusinessHours(at: Date, timeZone: string, calendar: BusinessCalendar): boolean {
  return timelineFor(timeZone, calendar).contains(at.getTime());
}

/** `at` in the zone's local time; a zone luxon does not know is a RangeError. */
function localTime(at: Date, timeZone: string): DateTime {
  const zone = zoneNamed(timeZone);
  if (!zone) throw new RangeError(`unknown time zone "${timeZone}"`);
  return DateTime.fromJSDate(at, { zone });
}

/** Whether the local wall-clock time of `at` is inside [start, end), which may span midnight. */
export function isWithinLocalTimeRange(at: Date, timeZone: string, start: string, end: string): boolean {
  const local = localTime(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  const from = minutesOfDay(start);
  const to = minutesOfDay(end);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The local calendar date (YYYY-MM-DD) of `at`: the key for per-day counters such as the digest cap. */
export function localDateKey(at: Date, timeZone: string): string {
  const local = localTime(at, timeZone);
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).toISOString().slice(0, 10);
}

/** `at` plus whole calendar days in the local zone (a 1-day snooze at 10:00 ends at 10:00 tomorrow). */
export function addLocalDays(at: Date, days: number, timeZone: string): Date {
  return localTime(at, timeZone).plus({ days }).toJSDate();
}
