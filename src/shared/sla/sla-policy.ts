import { DateTime } from 'luxon';
import { BoundedCache } from '../../platform/bounded-cache.ts';
import { isValidTimeZone } from '../../platform/time-zones.ts';
import { z } from 'zod';
import { callOutcomesSchema } from './call-outcomes.ts';

/**
 * The SLA section of the policy file: what a RevOps admin tunes about stale-lead nudges. Every field
 * has a default so an absent section is a valid policy. Durations are in business hours/days of the
 * lead owner's calendar (their own time zone), because "4 hours" for a lead that lands on Friday
 * evening should not expire over the weekend.
 *
 * Maps and lists replace their defaults wholesale: an admin who sets `firstTouch.hoursBySource`
 * lists every source they want an override for.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const CLOCK_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const isClockTime = (value: unknown): boolean => typeof value === 'string' && CLOCK_TIME.test(value);
const clockTime = z.string().regex(CLOCK_TIME, 'expected a 24-hour time HH:MM, e.g. 09:00 or 17:30');

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD, e.g. 2026-12-25')
  .refine((value) => DateTime.fromISO(value).isValid, 'not a real calendar date');

const timeZoneName = z
  .string()
  .refine((value) => isValidTimeZone(value), 'expected an IANA time zone, e.g. America/New_York');

const positiveHours = z
  .number()
  .positive('must be more than 0 hours')
  .max(24 * 365, 'at most a year');

/** Minutes after local midnight for an HH:MM string already validated by `clockTime`. */
export const minutesOfDay = (time: string): number => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
};

const uniqueStrings = (items: readonly string[]): boolean => new Set(items).size === items.length;

const reasonList = (defaults: string[]) =>
  z
    .array(z.string().trim().min(1, 'a reason may not be empty').max(75, 'a reason is at most 75 characters'))
    .min(1, 'list at least one reason')
    .max(100, 'at most 100 reasons (a Slack select holds 100 options)')
    .refine(uniqueStrings, 'reasons must be unique')
    .default(defaults);

export const businessCalendarSchema = z
  .object({
    workingDays: z
      .array(z.enum(WEEKDAYS, { error: `expected one of ${WEEKDAYS.join(', ')}` }))
      .min(1, 'list at least one working day')
      .refine(uniqueStrings, 'working days must be unique')
      .default(['mon', 'tue', 'wed', 'thu', 'fri']),
    startOfDay: clockTime.default('09:00'),
    endOfDay: clockTime.default('17:00'),
    /** Local dates (in each rep's own time zone) on which the SLA clock does not run. */
    holidays: z.array(calendarDate).default([]),
    /** Used when a lead owner's time zone is unknown or not a valid IANA name. */
    fallbackTimeZone: timeZoneName.default('UTC'),
  })
  .strict()
  .refine(
    // Zod runs this even when a time failed its own check; leave that one message to stand alone.
    (calendar) =>
      !isClockTime(calendar.startOfDay) ||
      !isClockTime(calendar.endOfDay) ||
      minutesOfDay(calendar.startOfDay) < minutesOfDay(calendar.endOfDay),
    {
      message: 'endOfDay must be later than startOfDay (overnight shifts are not supported)',
      path: ['endOfDay'],
    },
  );
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

const firstTouchSchema = z
  .object({
    /** Keys are Lead.LeadSource values, matched case-insensitively; values are business hours. */
    hoursBySource: z.record(z.string().min(1), positiveHours).default({
      Web: 4,
      Webinar: 24,
      'Trade Show': 48,
      'Partner Referral': 8,
      'Purchased List': 72,
    }),
    defaultHours: positiveHours.default(24),
  })
  .strict();

const followUpSchema = z
  .object({
    /** A working lead needs one qualifying activity at least every this many business days. */
    everyBusinessDays: z.number().positive('must be more than 0 days').max(365).default(3),
  })
  .strict();

const qualifyingActivitySchema = z
  .object({
    /** Task.TaskSubtype or Task.Type values that count as a touch. */
    taskKinds: z.array(z.string().min(1)).min(1).default(['Call', 'Email']),
    /** Task.Status values meaning the activity happened (Salesforce's default closed status). */
    completedTaskStatuses: z.array(z.string().min(1)).min(1).default(['Completed']),
    /** Whether an Event (meeting) on the lead counts as a touch. */
    events: z.boolean().default(true),
  })
  .strict();

const snoozeOptionSchema = z
  .object({
    label: z.string().min(1).max(75, 'a snooze label is at most 75 characters'),
    days: z.number().int('whole days only').min(1).max(90, 'at most 90 days'),
  })
  .strict();

const quietHoursSchema = z
  .object({
    /** Local time at which quiet hours begin; may be later than `end` to span midnight. */
    start: clockTime,
    end: clockTime,
  })
  .strict()
  .refine((quiet) => quiet.start !== quiet.end, { message: 'start and end may not be equal', path: ['end'] });

/** A section that is absent from the file parses as its own defaults. */
const withDefaults = <T extends z.ZodType>(schema: T) =>
  schema.default(() => schema.parse({}) as z.core.util.NoUndefined<z.output<T>>);

const assignmentAlertsSchema = z
  .object({
    /** DM a rep as soon as sync sees a lead created with, or reassigned to, them. */
    enabled: z.boolean().default(true),
    /** How long an unanswered alert takes in further leads (chat.update) before a new one is sent. */
    openMinutes: z.number().int().min(1).max(1440, 'at most 1440 minutes (a day)').default(30),
  })
  .strict();

const nudgesSchema = z
  .object({
    /** How often the scan job runs. */
    scanEveryMinutes: z.number().int().min(1).max(1440).default(15),
    /** A rep gets at most one digest per window; windows are aligned to UTC midnight. */
    digestWindowMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .refine((minutes) => 1440 % minutes === 0, 'must divide a day evenly (e.g. 15, 30, 60, 120)')
      .default(15),
    /** Deliver only inside the rep's business hours (their calendar and time zone). */
    onlyDuringWorkingHours: z.boolean().default(true),
    /** Extra local-time window in which nothing is delivered, even inside working hours. */
    quietHours: quietHoursSchema.optional(),
    maxDigestsPerDay: z.number().int().min(1).max(96).default(3),
    /** A click's Salesforce write not done this long after the click shows "still saving" and why. */
    saveNoticeAfterSeconds: z.number().int().min(1).max(3600).default(60),
    /** Leads listed in one digest; the rest are summarised as "and N more". */
    topLeads: z.number().int().min(1).max(20, 'at most 20 (a Slack message holds 50 blocks)').default(10),
    snoozeOptions: z
      .array(snoozeOptionSchema)
      .min(1)
      .max(100)
      .refine(
        (options) => uniqueStrings(options.map((o) => String(o.days))),
        'snooze durations must be unique',
      )
      .default([
        { label: '1 day', days: 1 },
        { label: '3 days', days: 3 },
        { label: '1 week', days: 7 },
      ]),
    assignmentAlerts: withDefaults(assignmentAlertsSchema),
  })
  .strict();

const slackChannelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel ID like C012ABCDEF');

/** Five-field cron: minute hour day-of-month month day-of-week. */
const cronPattern = z
  .string()
  .regex(/^\S+(\s+\S+){4}$/, 'expected a five-field cron pattern, e.g. "0 9 * * 1" (Monday 09:00)');

const weeklyDigestSchema = z
  .object({
    /** Channel for marketing's weekly follow-up and lead-quality digest; absent = no weekly digest. */
    channel: slackChannelId.optional(),
    /** When it is posted, in `timeZone`. */
    cron: cronPattern.default('0 9 * * 1'),
    /** Time zone of the cron pattern and of the week boundaries; default: calendar.fallbackTimeZone. */
    timeZone: timeZoneName.optional(),
  })
  .strict();

const leadQualitySchema = z
  .object({
    goodReasons: reasonList(['Good fit', 'Clear need', 'Budget confirmed', 'Decision maker', 'Right timing']),
    badReasons: reasonList([
      'Bad fit',
      'No budget',
      'Wrong contact',
      'Bad contact data',
      'Student/research',
      'Spam/fake',
    ]),
  })
  .strict();

const statusesSchema = z
  .object({
    /** Statuses in which the first-touch clock runs; moving out of them counts as a touch. */
    untouched: z.array(z.string().min(1)).min(1).default(['Open - Not Contacted']),
    /** Statuses that need follow-up; every other status is closed. */
    open: z.array(z.string().min(1)).min(1).default(['Open - Not Contacted', 'Working - Contacted']),
    /** Status written when a rep disqualifies a lead from Slack. */
    disqualified: z.string().min(1).default('Closed - Not Converted'),
  })
  .strict()
  .refine((s) => s.untouched.every((status) => s.open.includes(status)), {
    message: 'every untouched status must also be listed as open',
    path: ['untouched'],
  })
  .refine((s) => !s.open.includes(s.disqualified), {
    message: 'the disqualified status may not be an open status',
    path: ['disqualified'],
  });

export const slaPolicySchema = z
  .object({
    calendar: withDefaults(businessCalendarSchema),
    firstTouch: withDefaults(firstTouchSchema),
    followUp: withDefaults(followUpSchema),
    qualifyingActivity: withDefaults(qualifyingActivitySchema),
    /** A lead is "due soon" once this share of its SLA has elapsed. */
    dueSoonShare: z.number().gt(0, 'must be more than 0').lt(1, 'must be less than 1').default(0.8),
    /** Overdue by more than this multiple of its SLA escalates to the owner's manager. */
    escalationMultiple: z.number().positive('must be more than 0').max(100).default(2),
    nudges: withDefaults(nudgesSchema),
    disqualifyReasons: reasonList([
      'Bad fit',
      'No budget',
      'Wrong contact',
      'Duplicate',
      'Student/research',
      'Nurture later',
    ]),
    leadQuality: withDefaults(leadQualitySchema),
    /** What Log call offers; each says whether it stops the SLA clock and scores (call-outcomes.ts). */
    callOutcomes: callOutcomesSchema,
    weeklyDigest: withDefaults(weeklyDigestSchema),
    statuses: withDefaults(statusesSchema),
  })
  .strict();

export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const defaultSlaPolicy = (): SlaPolicy => slaPolicySchema.parse({});

/**
 * Each policy's source → hours table keyed by the trimmed, lower-cased source, built once per table:
 * a scan looks up a source per lead. Policies in a process are few; the bound only keeps a process
 * that reloads its policy often from holding every old table.
 */
const sourceTables = new BoundedCache<Record<string, number>, Map<string, number>>(64);

/** First-touch SLA for a lead source, in business hours (sources match case-insensitively). */
export function firstTouchHoursFor(leadSource: string | null, policy: SlaPolicy): number {
  const wanted = leadSource?.trim().toLowerCase();
  if (!wanted) return policy.firstTouch.defaultHours;
  const table = sourceTables.getOrCompute(policy.firstTouch.hoursBySource, (bySource) => {
    const lowered = new Map<string, number>();
    // The first spelling listed wins, as the loop over the entries this replaced did.
    for (const [source, hours] of Object.entries(bySource)) {
      const key = source.trim().toLowerCase();
      if (!lowered.has(key)) lowered.set(key, hours);
    }
    return lowered;
  });
  return table.get(wanted) ?? policy.firstTouch.defaultHours;
}

/** Length of one business day in hours, used to turn a cadence in days into business hours. */
export const businessDayHours = (calendar: BusinessCalendar): number =>
  (minutesOfDay(calendar.endOfDay) - minutesOfDay(calendar.startOfDay)) / 60;

export const followUpHours = (policy: SlaPolicy): number =>
  policy.followUp.everyBusinessDays * businessDayHours(policy.calendar);

/** The owner's time zone if it is a valid IANA name, else the calendar's fallback. */
export const resolveTimeZone = (candidate: string | null | undefined, policy: SlaPolicy): string =>
  candidate && isValidTimeZone(candidate) ? candidate : policy.calendar.fallbackTimeZone;
