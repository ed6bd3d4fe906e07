import { z } from 'zod';

/**
 * What a logged call can have come to (Task.CallDisposition), and what each outcome means for the
 * SLA clock and for contest points. A one-click "call logged" used to stop the clock and score
 * whatever happened; the outcome makes both honest: a wrong number is not a touch, and only a real
 * attempt scores.
 *
 * - stopsClock: the call is a touch (restarts the follow-up cadence, meets the first-touch SLA).
 *   An attempt counts in most speed-to-lead definitions, so "No answer" stops it; a wrong number
 *   reached nobody, so the lead stays waiting.
 * - scores: the call earns contest points (calls, follow-ups, first-touch metrics). "No answer"
 *   does not: one click per lead would otherwise top the board.
 *
 * A call with no CallDisposition (logged in Salesforce directly) counts as a touch and scores, as
 * before; so does one whose disposition is not in the list (an org's own values).
 */

export const callOutcomeSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'an outcome name may not be empty')
      .max(75, 'an outcome name is at most 75 characters'),
    stopsClock: z.boolean(),
    scores: z.boolean(),
  })
  .strict();
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

export const DEFAULT_CALL_OUTCOMES: CallOutcome[] = [
  { name: 'Connected', stopsClock: true, scores: true },
  { name: 'Left voicemail', stopsClock: true, scores: true },
  { name: 'No answer', stopsClock: true, scores: false },
  { name: 'Wrong number', stopsClock: false, scores: false },
];

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export const callOutcomesSchema = z
  .array(callOutcomeSchema)
  .min(1, 'list at least one call outcome')
  .max(100, 'at most 100 call outcomes (a Slack select holds 100 options)')
  .refine(
    (outcomes) => outcomes.every((o, i) => outcomes.findIndex((p) => sameName(p.name, o.name)) === i),
    'call outcome names must be unique',
  )
  .default(DEFAULT_CALL_OUTCOMES);

/** The policy's outcome for a Task's CallDisposition; null when there is none or it is not listed. */
export function callOutcomeFor(
  disposition: string | null | undefined,
  outcomes: readonly CallOutcome[],
): CallOutcome | null {
  if (!disposition) return null;
  return outcomes.find((o) => sameName(o.name, disposition)) ?? null;
}

/** Whether a call with this disposition is a touch on the SLA clock. */
export const callStopsClock = (disposition: string | null | undefined, outcomes: readonly CallOutcome[]) =>
  callOutcomeFor(disposition, outcomes)?.stopsClock ?? true;

/** Whether a call with this disposition earns contest points. */
export const callScores = (disposition: string | null | undefined, outcomes: readonly CallOutcome[]) =>
  callOutcomeFor(disposition, outcomes)?.scores ?? true;
