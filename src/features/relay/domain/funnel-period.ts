import { DateTime } from 'luxon';

/**
 * The period `/funnel` reports on, and the one it is compared with. A count of days (`7d`, `30d`)
 * is compared with as many days just before it; `this week` / `this month` (to now) with the same
 * stretch of the week or month before; `last week` / `last month` with the whole calendar week or
 * month before that (so October is compared with September, not with 31 days back).
 */

export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface FunnelPeriod {
  /** What the user typed, normalised (`7d`, `last week`): the drill-down asks for it again. */
  text: string;
  /** For people: "last 7 days (Nov 23 – Nov 30)". */
  label: string;
  current: TimeWindow;
  previous: TimeWindow;
}

export const DEFAULT_FUNNEL_PERIOD = '7d';
export const MAX_FUNNEL_DAYS = 365;
export const FUNNEL_PERIOD_HELP =
  'Try `7d`, `30d` (1 to 365 days), `this week`, `last week`, `this month` or `last month`.';

type Parsed = { ok: true; period: FunnelPeriod } | { ok: false; error: string };

const window = (start: DateTime, end: DateTime): TimeWindow => ({
  start: start.toJSDate(),
  end: end.toJSDate(),
});

const dayRange = (w: TimeWindow, zone: string): string => {
  const from = DateTime.fromJSDate(w.start, { zone });
  // The end is exclusive: a window ending at midnight shows the day before.
  const to = DateTime.fromJSDate(new Date(w.end.getTime() - 1), { zone });
  return `${from.toFormat('LLL d')} – ${to.toFormat('LLL d')}`;
};

function calendarPeriod(
  text: string,
  unit: 'week' | 'month',
  now: DateTime,
): { current: TimeWindow; previous: TimeWindow } {
  const startOfThis = now.startOf(unit);
  const one = unit === 'week' ? { weeks: 1 } : { months: 1 };
  if (text.startsWith('this')) {
    const elapsed = now.diff(startOfThis);
    const previousStart = startOfThis.minus(one);
    const previousEnd = DateTime.min(previousStart.plus(elapsed), startOfThis);
    return { current: window(startOfThis, now), previous: window(previousStart, previousEnd) };
  }
  const lastStart = startOfThis.minus(one);
  return { current: window(lastStart, startOfThis), previous: window(lastStart.minus(one), lastStart) };
}

/** Reads `/funnel`'s argument; empty means the last 7 days. Times are in `zone` (the digest's). */
export function parseFunnelPeriod(input: string, now: Date, zone: string): Parsed {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ') || DEFAULT_FUNNEL_PERIOD;
  const at = DateTime.fromJSDate(now, { zone });
  const days = /^(\d{1,4}) ?(?:d|days?)$/.exec(text);
  if (days) {
    const count = Number(days[1]);
    if (count < 1 || count > MAX_FUNNEL_DAYS) {
      return {
        ok: false,
        error: `\`${input.trim()}\` is not a period I can show: 1 to ${MAX_FUNNEL_DAYS} days.`,
      };
    }
    const start = at.minus({ days: count });
    const current = window(start, at);
    const previous = window(start.minus({ days: count }), start);
    const label = `last ${count} day${count === 1 ? '' : 's'} (${dayRange(current, zone)})`;
    return { ok: true, period: { text: `${count}d`, label, current, previous } };
  }
  const calendar = /^(this|last) (week|month)$/.exec(text);
  if (!calendar) {
    return { ok: false, error: `I can't read \`${input.trim()}\` as a period. ${FUNNEL_PERIOD_HELP}` };
  }
  const { current, previous } = calendarPeriod(text, calendar[2] as 'week' | 'month', at);
  return { ok: true, period: { text, label: `${text} (${dayRange(current, zone)})`, current, previous } };
}
