import { DateTime } from 'luxon';
import type { Lead } from '../salesforce/records.ts';
import { enqueueWriteBack } from '../salesforce/sync-jobs.ts';
import type { Services } from '../services.ts';
import { addLocalDays, localDateKey } from './business-clock.ts';
import { handledText, refreshDigest } from './digest-jobs.ts';
import { NudgeState } from './state.ts';
import { timeZoneOf } from './time-zones.ts';

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
}

export type ActionOutcome = { ok: true; text: string; lead: Lead } | { ok: false; error: string };

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

export async function performLeadAction(
  services: Services,
  request: LeadActionRequest,
): Promise<ActionOutcome> {
  const now = request.now ?? new Date();
  const policy = services.config.policy.sla;
  const auth = await authorizeLeadAction(services, request.actorSlackId, request.leadId);
  if (!auth.ok) return auth;
  const { lead } = auth;
  const { action } = request;
  const ownerSlackId = await services.people.slackIdFor(lead.OwnerId);
  const owner = await services.store.get('User', lead.OwnerId);
  const timeZone = await timeZoneOf(services, { slackUserId: ownerSlackId, salesforceUser: owner });
  const key = idempotencyKey(request.stem, lead.Id, action);
  const activityDate = localDateKey(now, timeZone);
  const state = new NudgeState(services);
  let snoozedUntil: Date | null = null;

  switch (action.kind) {
    case 'call':
    case 'email':
      await enqueueWriteBack(services, {
        kind: 'log-activity',
        key,
        leadId: lead.Id,
        ownerId: lead.OwnerId,
        activity: action.kind,
        activityDate,
      });
      break;
    case 'snooze': {
      if (!policy.nudges.snoozeOptions.some((o) => o.days === action.days)) {
        return { ok: false, error: 'That snooze length is not offered any more. Pick one from the list.' };
      }
      snoozedUntil = addLocalDays(now, action.days, timeZone);
      await state.snooze(lead.Id, snoozedUntil);
      break;
    }
    case 'disqualify': {
      const reason = action.note ? `${action.reason}: ${action.note}` : action.reason;
      await enqueueWriteBack(services, {
        kind: 'update-status',
        key,
        leadId: lead.Id,
        ownerId: lead.OwnerId,
        status: policy.statuses.disqualified,
        reason: reason.slice(0, 255),
        activityDate,
      });
      break;
    }
    case 'rate':
      await enqueueWriteBack(services, {
        kind: 'lead-quality',
        key,
        leadId: lead.Id,
        ownerId: lead.OwnerId,
        rating: action.rating,
        reason: action.reason,
        activityDate,
      });
      break;
  }
  await state.recordAction(lead.Id, key, now);
  const what = describe(action, snoozedUntil, timeZone);
  if (request.digestId) {
    const digest = await state.digest(request.digestId);
    if (digest?.leadIds.includes(lead.Id)) {
      const added = await state.markHandled(digest.id, {
        leadId: lead.Id,
        text: handledText(what, request.actorSlackId, lead.Name),
        at: now.toISOString(),
      });
      if (added) await refreshDigest(services, digest.id, now);
    }
  }
  return { ok: true, text: what, lead };
}
