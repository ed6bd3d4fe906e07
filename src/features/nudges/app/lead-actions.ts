import type { Lead } from '../../../platform/salesforce/records.ts';
import { addLocalDays, localDateKey } from '../../../shared/sla/business-clock.ts';
import type { NudgesDeps } from '../deps.ts';
import type { HandledLead } from '../domain/digest-records.ts';
import {
  describeAction,
  idempotencyKey,
  pendingLabel,
  snoozeOffered,
  touchesLead,
  writeFor,
  type LeadAction,
} from '../domain/lead-action.ts';
import { handledText } from '../slack/handled-blocks.ts';
import { NudgeState } from '../store.ts';
import { enqueueWriteBack } from '../writes/write-jobs.ts';
import { refreshDigest, type DigestRenderDeps } from './digest-render.ts';
import { timeZoneOfUser } from './lead-loader.ts';

/**
 * What a click on a nudge does, shared by the digest, `/leads` and App Home: check the clicker may
 * act for the lead's owner, write to Salesforce through the write-back queue (idempotency key from
 * the Slack action, so a double click or a retried delivery writes once), record the action for
 * the nudge-to-action rate, and edit the digest the click came from.
 */

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

export type LeadActionDeps = DigestRenderDeps & Pick<NudgesDeps, 'roles' | 'delivery' | 'jobs'>;

export async function authorizeLeadAction(
  deps: Pick<NudgesDeps, 'store' | 'roles'>,
  actorSlackId: string,
  leadId: string,
): Promise<{ ok: true; lead: Lead } | { ok: false; error: string }> {
  const lead = await deps.store.get('Lead', leadId);
  if (!lead || lead.IsDeleted) {
    return {
      ok: false,
      error: "I can't find that lead in bullpen's copy of Salesforce. It may have been deleted or merged.",
    };
  }
  if (!(await deps.roles.mayActForOwner(actorSlackId, lead.OwnerId))) {
    return {
      ok: false,
      error:
        "You can't act on this lead: only its owner, the owner's manager or a bullpen admin can. Nothing was changed.",
    };
  }
  return { ok: true, lead };
}

/**
 * The digest line goes in before the write is queued: the write job may finish first, and it can
 * only turn "saving" into "done" once "saving" is there.
 */
async function markInDigest(
  deps: Pick<NudgesDeps, 'redis' | 'keys'>,
  request: LeadActionRequest,
  entry: HandledLead,
): Promise<{ digestId: string; added: boolean } | null> {
  if (!request.digestId) return null;
  const state = new NudgeState(deps);
  const digest = await state.digest(request.digestId);
  if (!digest?.leadIds.includes(request.leadId)) return null;
  return { digestId: digest.id, added: await state.markHandled(digest.id, entry) };
}

/** Snoozes in bullpen (no Salesforce write); null when the length is no longer offered. */
async function snoozeLead(
  deps: Pick<NudgesDeps, 'redis' | 'keys' | 'config'>,
  lead: Lead,
  days: number,
  context: { now: Date; timeZone: string },
): Promise<Date | null> {
  if (!snoozeOffered(days, deps.config.policy.sla)) return null;
  const until = addLocalDays(context.now, days, context.timeZone);
  await new NudgeState(deps).snooze(lead.Id, until);
  return until;
}

export async function performLeadAction(
  deps: LeadActionDeps,
  request: LeadActionRequest,
): Promise<ActionOutcome> {
  const now = request.now ?? new Date();
  const auth = await authorizeLeadAction(deps, request.actorSlackId, request.leadId);
  if (!auth.ok) return auth;
  const { lead } = auth;
  const { action } = request;
  const ownerSlackId = await deps.people.slackIdFor(lead.OwnerId);
  const timeZone = await timeZoneOfUser(deps, { salesforceId: lead.OwnerId, slackUserId: ownerSlackId });
  const key = idempotencyKey(request.stem, lead.Id, action);
  let snoozedUntil: Date | null = null;
  if (action.kind === 'snooze') {
    snoozedUntil = await snoozeLead(deps, lead, action.days, { now, timeZone });
    if (!snoozedUntil) {
      return { ok: false, error: 'That snooze length is not offered any more. Pick one from the list.' };
    }
  }
  const base = { key, leadId: lead.Id, ownerId: lead.OwnerId, activityDate: localDateKey(now, timeZone) };
  const command = writeFor(action, base, deps.config.policy.sla);
  const what = describeAction(action, snoozedUntil, timeZone);
  const label = pendingLabel(action);
  const pendingText = handledText(label, request.actorSlackId, lead.Name);
  const digest = await markInDigest(deps, request, {
    leadId: lead.Id,
    text: handledText(what, request.actorSlackId, lead.Name),
    at: now.toISOString(),
    ...(command ? { status: 'saving' as const, writeKey: key, pendingText } : {}),
  });
  if (command && touchesLead(action, deps.config.policy.sla)) {
    await new NudgeState(deps).markPendingTouch(lead.Id, key, now);
  }
  if (command) {
    await enqueueWriteBack(deps, command, {
      actorSlackId: request.actorSlackId,
      digestId: digest?.digestId ?? null,
      pendingText,
      clickedAt: now.toISOString(),
      ...(request.responseUrl ? { responseUrl: request.responseUrl } : {}),
    });
  }
  await new NudgeState(deps).recordAction(lead.Id, key, now);
  if (digest?.added) await refreshDigest(deps, digest.digestId, now);
  return { ok: true, text: what, label, saving: command !== null, lead };
}
