/** Salesforce's wire formats: datetimes as `2024-05-01T13:45:00.000+0000`, dates as `2024-05-01`. */

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));
const pad3 = (value: number): string =>
  value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);

export const formatDateTime = (epochMs: number): string => {
  const msOfDay = ((epochMs % 86_400_000) + 86_400_000) % 86_400_000;
  // Built by hand from the cached date, since toISOString() dominated generating large datasets;
  // join() (not template concatenation) gives a flat string, which is far smaller in memory.
  return [
    formatDate(epochMs),
    'T',
    pad2(Math.floor(msOfDay / 3_600_000)),
    ':',
    pad2(Math.floor(msOfDay / 60_000) % 60),
    ':',
    pad2(Math.floor(msOfDay / 1000) % 60),
    '.',
    pad3(msOfDay % 1000),
    '+0000',
  ].join('');
};

const dateCache = new Map<number, string>();

/** Cached per day: generated data formats the same few dozen dates hundreds of thousands of times. */
export const formatDate = (epochMs: number): string => {
  const day = Math.floor(epochMs / 86_400_000);
  let formatted = dateCache.get(day);
  if (formatted === undefined) {
    formatted = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (dateCache.size < 100_000) dateCache.set(day, formatted);
  }
  return formatted;
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a Salesforce or ISO-8601 datetime (`+0000` offsets included) to epoch ms, or NaN. */
export const parseDateTime = (value: string): number => {
  if (!DATE_TIME.test(value)) return Number.NaN;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(normalised);
};

export const isDateOnly = (value: string): boolean =>
  DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export const DAY_MS = 86_400_000;
