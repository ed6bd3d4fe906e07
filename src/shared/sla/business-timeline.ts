import { DateTime, type Zone } from 'luxon';
import { BoundedCache } from '../../platform/bounded-cache.ts';
import { zoneNamed } from '../../platform/time-zones.ts';
import { minutesOfDay, WEEKDAYS, type BusinessCalendar } from './sla-policy.ts';

/**
 * Working time of one (time zone, calendar) as running totals, so business time between two instants
 * is a subtraction and adding business time is a binary search (issue 15 item 3).
 *
 * Local days are numbered from 1970-01-01 and grouped in blocks of BLOCK_DAYS. A block is built the
 * first time anything asks about its days: each open day's working window as UTC instants (luxon
 * turns the wall-clock opening and closing into instants, so DST changes and gaps stay exact) and,
 * per window, the business milliseconds of the block before it. Building costs two luxon conversions
 * per working day, once per process; every later question is array arithmetic.
 */

const DAY_MS = 86_400_000;
/** About a month: a zone's first question costs ~45 luxon conversions, not a year's ~520. */
const BLOCK_DAYS = 32;
const BLOCK_MS = BLOCK_DAYS * DAY_MS;
/** A local day's window lies within a day of its UTC date (offsets stay within ±16 h, LMT included). */
const MARGIN_MS = DAY_MS;
/** Ten years of days: guards against a calendar that never opens (e.g. every working day a holiday). */
const MAX_DAYS_SCANNED = 3_660;

/** The working windows of one block's open days, in time order, with running totals. */
interface Block {
  starts: number[];
  ends: number[];
  /** Local day number of each window. */
  days: number[];
  /** Business ms of this block before each window. */
  before: number[];
  total: number;
}

/**
 * Blocks of every timeline in one bounded memo (a block is ~1 KB; 16,384 of them stay under ~20 MB):
 * a worker that lives for months over many zones and years stays flat, and a forgotten block is only
 * rebuilt.
 */
const MAX_BLOCKS = 16_384;
const blocks = new BoundedCache<string, Block>(MAX_BLOCKS);
let nextTimelineId = 1;

const blockOf = (ms: number): number => Math.floor(ms / BLOCK_MS);

/** The first index in [0, count) where `holds` is true (count: none), for a `holds` false then true. */
function firstWhere(count: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const holidayDay = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

export class BusinessTimeline {
  private readonly id = nextTimelineId++;
  private readonly zone: Zone;
  private readonly openWeekdays: boolean[];
  private readonly holidays: Set<number>;
  private readonly startMinutes: number;
  private readonly endMinutes: number;

  constructor(zone: Zone, calendar: BusinessCalendar) {
    this.zone = zone;
    this.openWeekdays = WEEKDAYS.map((weekday) => calendar.workingDays.includes(weekday));
    this.holidays = new Set(calendar.holidays.map(holidayDay));
    this.startMinutes = minutesOfDay(calendar.startOfDay);
    this.endMinutes = minutesOfDay(calendar.endOfDay);
  }

  /** Business milliseconds from `fromMs` to `toMs` (fromMs ≤ toMs). */
  msBetween(fromMs: number, toMs: number): number {
    let total = 0;
    for (let k = blockOf(fromMs - MARGIN_MS); k <= blockOf(toMs + MARGIN_MS); k += 1) {
      const whole = fromMs <= k * BLOCK_MS - MARGIN_MS && toMs >= (k + 1) * BLOCK_MS + MARGIN_MS;
      total += whole ? this.block(k).total : this.msBefore(k, toMs) - this.msBefore(k, fromMs);
    }
    return total;
  }

  /**
   * The instant `ms` business milliseconds after `startMs`. Counting starts at the first window that
   * closes after `startMs` (so 0 gives the next opening), and a result on a closing time stays there.
   */
  addMs(startMs: number, ms: number): number {
    const limitDay = Math.floor(startMs / DAY_MS) + MAX_DAYS_SCANNED;
    let remaining = ms;
    let counting = false;
    for (let k = blockOf(startMs - MARGIN_MS); k * BLOCK_DAYS < limitDay; k += 1) {
      const block = this.block(k);
      let base = 0;
      if (!counting) {
        const i = firstWhere(block.ends.length, (j) => (block.ends[j] ?? 0) > startMs);
        const [start, end, before] = [block.starts[i], block.ends[i], block.before[i]];
        if (start === undefined || end === undefined || before === undefined) continue;
        const from = Math.max(startMs, start);
        if (remaining <= end - from) return this.within(block.days[i], limitDay, from + remaining);
        remaining -= end - from;
        counting = true;
        base = before + end - start;
      }
      const target = base + remaining;
      if (block.total < target) {
        remaining = target - block.total;
        continue;
      }
      const cumulativeEnd = (j: number): number =>
        (block.before[j] ?? 0) + (block.ends[j] ?? 0) - (block.starts[j] ?? 0);
      const j = firstWhere(block.ends.length, (i) => cumulativeEnd(i) >= target);
      return this.within(block.days[j], limitDay, (block.starts[j] ?? 0) + target - (block.before[j] ?? 0));
    }
    throw new RangeError('the business calendar has no working hours in the next ten years');
  }

  /** Whether `atMs` falls inside a working window (opening inclusive, closing exclusive). */
  contains(atMs: number): boolean {
    for (let k = blockOf(atMs - MARGIN_MS); k <= blockOf(atMs + MARGIN_MS); k += 1) {
      const block = this.block(k);
      const i = firstWhere(block.starts.length, (j) => (block.starts[j] ?? 0) > atMs) - 1;
      if (i >= 0 && atMs < (block.ends[i] ?? 0)) return true;
    }
    return false;
  }

  private within(day: number | undefined, limitDay: number, resultMs: number): number {
    if (day === undefined || day >= limitDay) {
      throw new RangeError('the business calendar has no working hours in the next ten years');
    }
    return resultMs;
  }

  /** Business ms of block k's windows before `atMs`. */
  private msBefore(k: number, atMs: number): number {
    if (atMs <= k * BLOCK_MS - MARGIN_MS) return 0;
    const block = this.block(k);
    const i = firstWhere(block.starts.length, (j) => (block.starts[j] ?? 0) >= atMs) - 1;
    if (i < 0) return 0;
    return (block.before[i] ?? 0) + Math.min(block.ends[i] ?? 0, atMs) - (block.starts[i] ?? 0);
  }

  private block(k: number): Block {
    const key = `${this.id}:${k}`;
    const cached = blocks.get(key);
    if (cached) return cached;
    const built = this.build(k);
    blocks.set(key, built);
    return built;
  }

  private build(k: number): Block {
    const block: Block = { starts: [], ends: [], days: [], before: [], total: 0 };
    let lastEnd = Number.NEGATIVE_INFINITY;
    for (let day = k * BLOCK_DAYS; day < (k + 1) * BLOCK_DAYS; day += 1) {
      if (!this.isOpen(day)) continue;
      // A window that would overlap the day before (only when a zone skips a date) starts after it.
      const start = Math.max(this.instant(day, this.startMinutes), lastEnd);
      const end = this.instant(day, this.endMinutes);
      // A window squeezed to nothing (inside a DST gap) holds no working time.
      if (end <= start) continue;
      block.starts.push(start);
      block.ends.push(end);
      block.days.push(day);
      block.before.push(block.total);
      block.total += end - start;
      lastEnd = end;
    }
    return block;
  }

  private isOpen(day: number): boolean {
    // Day 0 (1970-01-01) was a Thursday; WEEKDAYS starts on Monday.
    const weekday = (((day + 3) % 7) + 7) % 7;
    return this.openWeekdays[weekday] === true && !this.holidays.has(day);
  }

  /** The instant of local wall-clock `minutes` (1440 = next midnight) on local day `day`. */
  private instant(day: number, minutes: number): number {
    const date = new Date((day + Math.floor(minutes / 1440)) * DAY_MS);
    // luxon moves a time that does not exist (inside a DST gap) forward, as a wall clock would.
    return DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: Math.floor((minutes % 1440) / 60),
        minute: minutes % 60,
      },
      { zone: this.zone },
    ).toMillis();
  }
}

/**
 * Timelines per calendar (by content: a policy re-parsed to an equal calendar shares them), then per
 * zone name. Calendars in use are one per policy; zones per calendar are the valid names people use.
 */
const MAX_CALENDARS = 64;
/** Calendar objects seen (a policy's is one object for the process) → their content key. */
const calendarKeys = new BoundedCache<BusinessCalendar, string>(4 * MAX_CALENDARS);
const timelines = new BoundedCache<string, Map<string, BusinessTimeline>>(MAX_CALENDARS);

function calendarKey(calendar: BusinessCalendar): string {
  let key = calendarKeys.get(calendar);
  if (key === undefined) {
    const { workingDays, startOfDay, endOfDay, holidays } = calendar;
    key = JSON.stringify([workingDays, startOfDay, endOfDay, holidays]);
    calendarKeys.set(calendar, key);
  }
  return key;
}

/** The timeline of a zone and calendar; a zone luxon does not know is a RangeError. */
export function timelineFor(timeZone: string, calendar: BusinessCalendar): BusinessTimeline {
  const key = calendarKey(calendar);
  let byZone = timelines.get(key);
  if (!byZone) {
    byZone = new Map();
    timelines.set(key, byZone);
  }
  let timeline = byZone.get(timeZone);
  if (!timeline) {
    const zone = zoneNamed(timeZone);
    if (!zone) throw new RangeError(`unknown time zone "${timeZone}"`);
    timeline = new BusinessTimeline(zone, calendar);
    byZone.set(timeZone, timeline);
  }
  return timeline;
}
