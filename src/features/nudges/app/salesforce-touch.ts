import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { qualifyingTouches } from '../../../shared/sla/lead-clock.ts';
import { domainEventId, type DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { NudgesDeps } from '../deps.ts';
import { NudgeState } from '../store.ts';
import { refreshDigest, type DigestRenderDeps } from './digest-render.ts';

/**
 * A touch made in Salesforce itself (a call logged there, a status change, a conversion) on a lead
 * a digest listed counts as acting on the nudge: the digest shows it as done.
 */

/** The events that can count as a touch on a lead. */
type TouchEvent = Exclude<DomainEvent, { type: 'opportunity.won' }>;

async function describeTouch(
  deps: Pick<NudgesDeps, 'store' | 'config'>,
  event: TouchEvent,
): Promise<string | null> {
  if (event.type === 'lead.status_changed')
    return `Status set to ${escapeAndTruncate(event.to, 60)} in Salesforce`;
  if (event.type === 'lead.converted') return 'Converted in Salesforce';
  if (event.type !== 'activity.logged') return null;
  const lead = await deps.store.get('Lead', event.leadId);
  if (!lead) return null;
  const policy = deps.config.policy.sla;
  const touches =
    event.activityType === 'Task'
      ? qualifyingTouches(lead, await deps.store.getMany('Task', [event.activityId]), [], policy)
      : qualifyingTouches(lead, [], await deps.store.getMany('Event', [event.activityId]), policy);
  const touch = touches[0];
  if (!touch) return null;
  return touch.kind === 'call'
    ? 'Call logged in Salesforce'
    : touch.kind === 'email'
      ? 'Email logged in Salesforce'
      : 'Activity logged in Salesforce';
}

export async function handleDomainEvent(
  deps: DigestRenderDeps & Pick<NudgesDeps, 'delivery'>,
  domainEvent: DomainEvent,
): Promise<void> {
  if (domainEvent.type === 'opportunity.won') return;
  const event: TouchEvent = domainEvent;
  const state = new NudgeState(deps);
  const digestIds = await state.digestsListing(event.leadId);
  if (digestIds.length === 0) return;
  const what = await describeTouch(deps, event);
  if (!what) return;
  const at = new Date(event.at);
  await state.recordAction(event.leadId, `sf-${domainEventId(domainEvent)}`, at);
  const lead = await deps.store.get('Lead', event.leadId);
  for (const digestId of digestIds) {
    const added = await state.markHandled(digestId, {
      leadId: event.leadId,
      text: `${what} for *${escapeAndTruncate(lead?.Name ?? 'lead', 80)}*`,
      at: at.toISOString(),
    });
    if (added) await refreshDigest(deps, digestId);
  }
}
