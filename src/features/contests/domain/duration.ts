import { DAY_MS, HOUR_MS, MAX_CONTEST_MS, MIN_CONTEST_MS } from './model.ts';

/**
 * Durations as managers type them: `90m`, `1h`, `3d`, `2w`, `1d12h`. Units may appear once each,
 * largest first is not required; no spaces (the command tokenizer splits on them).
 */

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const MINUTE_MS = 60_000;
const UNIT_MS: Record<string, number> = { w: 7 * DAY_MS, d: DAY_MS, h: HOUR_MS, m: MINUTE_MS };
const UNIT_ALIASES: Record<string, string> = {
  w: 'w',
  wk: 'w',
  week: 'w',
  weeks: 'w',
  d: 'd',
  day: 'd',
  days: 'd',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
};
const PART = /(\d+)([a-z]+)/g;
const HINT = 'use a number and a unit (m, h, d, w), like 90m, 3d or 1d12h';

export function parseDuration(input: string): DurationResult {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, error: `no duration given; ${HINT}` };
  if (text.startsWith('-'))
    return { ok: false, error: `'${input.trim()}' is negative; durations count forward` };
  if (!/^(\d+[a-z]+)+$/.test(text)) {
    const bare = /^\d+$/.test(text) ? ` ('${text}' has no unit)` : '';
    return { ok: false, error: `couldn't read '${clip(input)}' as a duration${bare}; ${HINT}` };
  }
  let ms = 0;
  const seen = new Set<string>();
  for (const [, amount, rawUnit] of text.matchAll(PART)) {
    const unit = UNIT_ALIASES[rawUnit ?? ''];
    if (unit === undefined) return { ok: false, error: `'${rawUnit}' is not a unit; ${HINT}` };
    if (seen.has(unit)) return { ok: false, error: `'${clip(input)}' gives '${unit}' twice; ${HINT}` };
    seen.add(unit);
    ms += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  if (!Number.isSafeInteger(ms)) return { ok: false, error: `'${clip(input)}' is far too long` };
  if (ms === 0) return { ok: false, error: `'${input.trim()}' is zero; give a duration longer than that` };
  return { ok: true, ms };
}

/** A contest window: 1 hour to 30 days. */
export function parseContestDuration(input: string): DurationResult {
  const parsed = parseDuration(input);
  if (!parsed.ok) return parsed;
  if (parsed.ms < MIN_CONTEST_MS) {
    return { ok: false, error: `'${input.trim()}' is shorter than 1 hour, the shortest contest` };
  }
  if (parsed.ms > MAX_CONTEST_MS) {
    return {
      ok: false,
      error: `'${input.trim()}' is longer than 30 days, the longest contest (urgency is the point)`,
    };
  }
  return parsed;
}

/** `1d 12h`, `45m`; drops units that are zero and anything below a minute. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join(' ');
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text.trim());
