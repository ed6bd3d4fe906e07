import { DateTime } from 'luxon';
import type { Lead } from '../../../platform/salesforce/records.ts';
import type { WriteBackCommand } from '../writes/write-back.ts';
import { enqueueWriteBack } from '../writes/write-jobs.ts';
import type { Services } from '../../../services.ts';
import { addLocalDays, localDateKey } from '../../../shared/sla/business-clock.ts';
import { handledText, refreshDigest } from './digest-delivery.ts';
import { NudgeState, type HandledLead } from '../store.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';

/**
 * What a click on a nudge does, shared by the digest, `/leads` and App Home: check the clicker may
 * act for the lead's owner, write to Salesforce through the write-back queue (idempotency key from
 * the Slack action, so a double click or a retried delivery writes once), record the action for
 * the nudge-to-action rate, and edit the digest the click came from.
 */

export type LeadAction =
  | { kind: 'call' | 'email' }
  | { kind: 'snooze'; days: number }
  | { kind: 'disqualify'; reason: string; note: string | null }
  | { kind: 'rate'; rating: 'good' | 'bad'; reason: string };

export interface LeadActionRequest {
  actorSlackId: string;
  leadId: string;
  /** The digest the click came from, if any (carried in the button value). */
  digestId: string | null;
  /**
   * What makes this Slack action unique apart from the lead and the action: the digest id, or the
   * ts of the message / id of the view it came from. Same stem + lead + action = same write.
   */
  stem: string;
  action: LeadAction;
  now?: Date;
  /** Where to answer later when the click came from a message that is not a digest (/leads). */
  responseUrl?: string;
}

export type ActionOutcome =
  | {
      ok: true;
      /** "Call logged": what is true once done. */
      text: string;
      /** "Call": the action as a noun, for "Call for *Jane*: saving to Salesforce…". */
      label: string;
      /** Whether it waits on a Salesforce write (the digest shows its progress; elsewhere a DM on trouble). */
      saving: boolean;
      lead: Lead;
    }
  | { ok: false; error: string };

const ACTION_CODES = { call: 'call', email: 'email', snooze: 'snz', disqualify: 'dq', rate: 'rate' } as const;

const keyPart = (value: string): string => value.replace(/[^A-Za-z0-9_.-]/g, '_');

export function idempotencyKey(stem: string, leadId: string, action: LeadAction): string {
  const suffix =
    action.kind === 'snooze' ? `${ACTION_CODES.snooze}${action.days}` : ACTION_CODES[action.kind];
  const tail = `-${leadId}-${suffix}`;
  return `${keyPart(stem).slice(0, 80 - tail.length)}${tail}`;
}

export async function authorizeLeadAction(
  services: Services,
  actorSlackId: string,
  leadId: string,
): Promise<{ ok: true; lead: Lead } | { ok: false; error: string }> {
  const lead = await services.store.get('Lead', leadId);
  if (!lead || lead.IsDeleted) {
    return {
      ok: false,
      error: "I can't find that lead in bullpen's copy of Salesforce. It may have been deleted or merged.",
    };
  }
  if (!(await services.roles.mayActForOwner(actorSlackId, lead.OwnerId))) {
    return {
      ok: false,
      error:
        "You can't act on this lead: only its owner, the owner's manager or a bullpen admin can. Nothing was changed.",
    };
  }
  return { ok: true, lead };
}

function describe(action: LeadAction, until: Date | null, timeZone: string): string {
  switch (action.kind) {
    case 'call':
      return 'Call logged';
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

/** What a click writes to Salesforce, if anything (a snooze stays in bullpen). */
function writeFor(
  services: Services,
  action: LeadAction,
  base: { key: string; leadId: string; ownerId: string; activityDate: string },
): WriteBackCommand | null {
  switch (action.kind) {
    case 'call':
    case 'email':
      return { kind: 'log-activity', ...base, activity: action.kind };
    case 'snooze':
      return null;
    case 'disqualify': {
      const reason = action.note ? `${action.reason}: ${action.note}` : action.reason;
      const status = services.config.policy.sla.statuses.disqualified;
      return { kind: 'update-status', ...base, status, reason: reason.slice(0, 255) };
    }
    case 'rate':
      return { kind: 'lead-quality', ...base, rating: action.rating, reason: action.reason };
  }
}

/** The action as a noun, for "Call for *Jane*: saving to Salesforce…". */
function pendingLabel(action: LeadAction): string {
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

/**
 * The digest line goes in before the write is queued: the write job may finish first, and it can
 * only turn "saving" into "done" once "saving" is there.
 */
async function markInDigest(
  services: Services,
  request: LeadActionRequest,
  entry: HandledLead,
): Promise<{ digestId: string; added: boolean } | null> {
  if (!request.digestId) return null;
  const state = new NudgeState(services);
  const digest = await state.digest(request.digestId);
  if (!digest?.leadIds.includes(request.leadId)) return null;
  return { digestId: digest.id, added: await state.markHandled(digest.id, entry) };
}

export async function performLeadAction(
  services: Services,
  request: LeadActionRequest,
): Promise<ActionOutcome> {
  const now = request.now ?? new Date();
  const auth = await authorizeLeadAction(services, request.actorSlackId, request.leadId);
  if (!auth.ok) return auth;
  const { lead } = auth;
  const { action } = request;
  const ownerSlackId = await services.people.slackIdFor(lead.OwnerId);
  const owner = await services.store.get('User', lead.OwnerId);
  const timeZone = await timeZoneOf(services, { slackUserId: ownerSlackId, salesforceUser: owner });
  const key = idempotencyKey(request.stem, lead.Id, action);
  const state = new NudgeState(services);
  let snoozedUntil: Date | null = null;
  if (action.kind === 'snooze') {
    if (!services.config.policy.sla.nudges.snoozeOptions.some((o) => o.days === action.days)) {
      return { ok: false, error: 'That snooze length is not offered any more. Pick one from the list.' };
    }
    snoozedUntil = addLocalDays(now, action.days, timeZone);
    await state.snooze(lead.Id, snoozedUntil);
  }
  const base = { key, leadId: lead.Id, ownerId: lead.OwnerId, activityDate: localDateKey(now, timeZone) };
  const command = writeFor(services, action, base);
  const what = describe(action, snoozedUntil, timeZone);
  const label = pendingLabel(action);
  const pendingText = handledText(label, request.actorSlackId, lead.Name);
  const digest = await markInDigest(services, request, {
    leadId: lead.Id,
    text: handledText(what, request.actorSlackId, lead.Name),
    at: now.toISOString(),
    ...(command ? { status: 'saving' as const, writeKey: key, pendingText } : {}),
  });
  if (command) {
    await enqueueWriteBack(services, command, {
      actorSlackId: request.actorSlackId,
      digestId: digest?.digestId ?? null,
      pendingText,
      clickedAt: now.toISOString(),
      ...(request.responseUrl ? { responseUrl: request.responseUrl } : {}),
    });
  }
  await state.recordAction(lead.Id, key, now);
  if (digest?.added) await refreshDigest(services, digest.digestId, now);
  return { ok: true, text: what, label, saving: command !== null, lead };
}
