import { DateTime } from 'luxon';
import { malformedQuery } from './errors.ts';

/**
 * SOQL date literals (TODAY, LAST_N_DAYS:7, THIS_QUARTER, ...) as half-open [start, end) epoch-ms
 * ranges. The emulated org's time zone is UTC, weeks start on Sunday, and the fiscal year is the
 * calendar year: Salesforce's defaults for a new org.
 */

export interface DateRange {
  startMs: number;
  endMs: number;
}

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const startOf = (now: DateTime, unit: Unit): DateTime => {
  const day = now.startOf('day');
  if (unit === 'week') return day.minus({ days: day.weekday % 7 });
  return unit === 'day' ? day : now.startOf(unit);
};

const shift = (moment: DateTime, unit: Unit, count: number): DateTime =>
  unit === 'week' ? moment.plus({ days: 7 * count }) : moment.plus({ [`${unit}s`]: count });

const range = (start: DateTime, end: DateTime): DateRange => ({
  startMs: start.toMillis(),
  endMs: end.toMillis(),
});

/** This / last / next period relative to the current one. */
const period = (now: DateTime, unit: Unit, offset: number): DateRange => {
  const current = startOf(now, unit);
  return range(shift(current, unit, offset), shift(current, unit, offset + 1));
};

const UNIT_WORDS: Record<string, Unit> = {
  DAY: 'day',
  DAYS: 'day',
  WEEK: 'week',
  WEEKS: 'week',
  MONTH: 'month',
  MONTHS: 'month',
  QUARTER: 'quarter',
  QUARTERS: 'quarter',
  FISCAL_QUARTER: 'quarter',
  FISCAL_QUARTERS: 'quarter',
  YEAR: 'year',
  YEARS: 'year',
  FISCAL_YEAR: 'year',
  FISCAL_YEARS: 'year',
};

export const dateLiteralRange = (literal: string, nowMs: number): DateRange => {
  const now = DateTime.fromMillis(nowMs, { zone: 'utc' });
  const [name = '', argument] = literal.toUpperCase().split(':');
  const today = startOf(now, 'day');
  switch (name) {
    case 'TODAY':
      return period(now, 'day', 0);
    case 'YESTERDAY':
      return period(now, 'day', -1);
    case 'TOMORROW':
      return period(now, 'day', 1);
    case 'LAST_90_DAYS':
      return range(today.minus({ days: 90 }), today.plus({ days: 1 }));
    case 'NEXT_90_DAYS':
      return range(today.plus({ days: 1 }), today.plus({ days: 91 }));
  }
  const relative = /^(THIS|LAST|NEXT)_(.+)$/.exec(name);
  if (argument === undefined && relative !== null) {
    const unit = UNIT_WORDS[relative[2] ?? ''];
    if (unit !== undefined) {
      return period(now, unit, relative[1] === 'THIS' ? 0 : relative[1] === 'LAST' ? -1 : 1);
    }
  }
  const count = argument === undefined ? Number.NaN : Number(argument);
  const counted = /^(?:(LAST|NEXT)_N_(.+)|N_(.+)_AGO)$/.exec(name);
  if (counted !== null && Number.isInteger(count) && count >= 0) {
    const unit = UNIT_WORDS[counted[2] ?? counted[3] ?? ''];
    if (unit !== undefined) {
      const current = startOf(now, unit);
      if (counted[1] === 'LAST') {
        // LAST_N_DAYS includes today; the longer units cover the n whole periods before this one.
        return unit === 'day'
          ? range(today.minus({ days: count }), today.plus({ days: 1 }))
          : range(shift(current, unit, -count), current);
      }
      if (counted[1] === 'NEXT') return range(shift(current, unit, 1), shift(current, unit, count + 1));
      return range(shift(current, unit, -count), shift(current, unit, -count + 1));
    }
  }
  throw malformedQuery(`unexpected token: '${literal}'`);
};
