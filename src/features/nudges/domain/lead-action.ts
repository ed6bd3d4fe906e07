import { DateTime } from 'luxon';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { callStopsClock } from '../../../shared/sla/call-outcomes.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { WriteBackCommand } from './write-commands.ts';

/**
 * What a click on a nudge means, apart from who may make it and where it is stored: its
 * idempotency key, how it reads once done or while saving, and the Salesforce write it asks for.
 */

export type LeadAction =
  /** A call with the outcome the rep picked (policy `callOutcomes`) and their optional note. */
  | { kind: 'call'; outcome: string; note: string | null }
  | { kind: 'email' }
  | { kind: 'snooze'; days: number }
  | { kind: 'disqualify'; reason: string; note: string | null }
  | { kind: 'rate'; rating: 'good' | 'bad'; reason: string };

const ACTION_CODES = { call: 'call', email: 'email', snooze: 'snz', disqualify: 'dq', rate: 'rate' } as const;

const keyPart = (value: string): string => value.replace(/[^A-Za-z0-9_.-]/g, '_');

/** A short, stable code for a call outcome: the same click with another outcome is another write. */
const outcomeCode = (outcome: string): string => {
  let hash = 5381;
  for (const char of outcome.trim().toLowerCase()) hash = ((hash * 33) ^ (char.codePointAt(0) ?? 0)) >>> 0;
  return hash.toString(36);
};

export function idempotencyKey(stem: string, leadId: string, action: LeadAction): string {
  const suffix =
    action.kind === 'snooze'
      ? `${ACTION_CODES.snooze}${action.days}`
      : action.kind === 'call'
        ? `${ACTION_CODES.call}.${outcomeCode(action.outcome)}`
        : ACTION_CODES[action.kind];
  const tail = `-${leadId}-${suffix}`;
  return `${keyPart(stem).slice(0, 80 - tail.length)}${tail}`;
}

/** What is true once the action is done: "Call logged", "Snoozed until Mon 7 Dec". */
export function describeAction(action: LeadAction, until: Date | null, timeZone: string): string {
  switch (action.kind) {
    case 'call':
      // The outcome is the policy's text, shown in mrkdwn.
      return `Call logged (${escapeAndTruncate(action.outcome, 75)})`;
    case 'email':
      return 'Email logged';
    case 'snooze':
      return `Snoozed until ${DateTime.fromJSDate(until ?? new Date(), { zone: timeZone }).toFormat('ccc d LLL')}`;
    case 'disqualify':
      return `Disqualified (${action.reason})`;
    case 'rate':
      return `Rated ${action.rating === 'good' ? ':thumbsup: good' : ':thumbsdown: bad'} (${action.reason})`;
  }
}

/** The action as a noun, for "Call for *Jane*: saving to Salesforce…". */
export function pendingLabel(action: LeadAction): string {
  switch (action.kind) {
    case 'call':
      return 'Call';
    case 'email':
      return 'Email';
    case 'snooze':
      return 'Snooze';
    case 'disqualify':
      return `Disqualification (${action.reason})`;
    case 'rate':
      return `Rating ${action.rating === 'good' ? ':thumbsup: good' : ':thumbsdown: bad'} (${action.reason})`;
  }
}

/** What a click writes to Salesforce, if anything (a snooze stays in bullpen). */
export function writeFor(
  action: LeadAction,
  base: { key: string; leadId: string; ownerId: string; activityDate: string },
  policy: Pick<SlaPolicy, 'statuses'>,
): WriteBackCommand | null {
  switch (action.kind) {
    case 'call':
      return {
        kind: 'log-activity',
        ...base,
        activity: 'call',
        callDisposition: action.outcome,
        ...(action.note ? { note: action.note } : {}),
      };
    case 'email':
      return { kind: 'log-activity', ...base, activity: 'email' };
    case 'snooze':
      return null;
    case 'disqualify': {
      const reason = action.note ? `${action.reason}: ${action.note}` : action.reason;
      return {
        kind: 'update-status',
        ...base,
        status: policy.statuses.disqualified,
        reason: reason.slice(0, 255),
      };
    }
    case 'rate':
      return { kind: 'lead-quality', ...base, rating: action.rating, reason: action.reason };
  }
}

/**
 * Whether the click touches or closes the lead at once, so lead lists leave it out until sync brings
 * the write back: a call only when its outcome stops the SLA clock (a wrong number leaves it due).
 */
export function touchesLead(action: LeadAction, policy: Pick<SlaPolicy, 'callOutcomes'>): boolean {
  if (action.kind === 'call') return callStopsClock(action.outcome, policy.callOutcomes);
  return action.kind === 'email' || action.kind === 'disqualify';
}

/** Whether the policy still offers a snooze of this length (a button may predate a policy change). */
export const snoozeOffered = (days: number, policy: Pick<SlaPolicy, 'nudges'>): boolean =>
  policy.nudges.snoozeOptions.some((o) => o.days === days);
