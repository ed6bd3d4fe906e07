import { HandoffRecords } from '../../../shared/relay/handoff-records.ts';
import {
  campaignsByLead,
  firstTouchWithinSla,
  NO_CAMPAIGN,
  NO_SOURCE,
} from '../../../shared/sla/follow-up-metrics.ts';
import { parseSalesforceDateTime } from '../../../shared/sla/lead-clock.ts';
import { touchesByAnyone } from '../../../shared/sla/lead-level.ts';
import { resolveTimeZone } from '../../../shared/sla/sla-policy.ts';
import { disqualifyReasonOf, type FunnelLead } from '../domain/funnel.ts';
import type { TimeWindow } from '../domain/funnel-period.ts';
import type { RelayDeps } from './deps.ts';
import { idKey } from '../../../platform/salesforce/ids.ts';

/**
 * Reads the funnel's leads from bullpen's synced copy of Salesforce and the relay's hand-off
 * records (never Salesforce itself): every lead created in the window, with its SLA verdict, its
 * latest hand-off, its disqualify reason and its campaigns.
 */

export type FunnelReadDeps = Pick<RelayDeps, 'config' | 'store' | 'redis' | 'keys'>;

const ACTIVITY_CHUNK = 500;

/** Every lead created in `w` as the funnel counts it, as of `now`. */
export async function funnelLeads(deps: FunnelReadDeps, w: TimeWindow, now: Date): Promise<FunnelLead[]> {
  const policy = deps.config.policy.sla;
  // The period's leads and their memberships only: a week of a 100,000-lead org, not all of it.
  const leads = await deps.store.leadsCreatedIn(w.start, w.end);
  const ids = leads.map((l) => l.Id);
  const [users, members, handoffs] = await Promise.all([
    deps.store.all('User'),
    deps.store.campaignMembersOfMany(ids),
    new HandoffRecords(deps.redis, deps.keys).getMany(ids),
  ]);
  const userById = new Map(users.map((u) => [idKey(u.Id), u]));
  const campaigns = campaignsByLead(members);
  const result: FunnelLead[] = [];
  for (let i = 0; i < leads.length; i += ACTIVITY_CHUNK) {
    const chunk = leads.slice(i, i + ACTIVITY_CHUNK);
    const activity = await deps.store.activitiesOnMany(chunk.map((l) => l.Id));
    for (const lead of chunk) {
      const { tasks, events } = activity.get(lead.Id) ?? { tasks: [], events: [] };
      const zone = resolveTimeZone(userById.get(idKey(lead.OwnerId))?.TimeZoneSidKey, policy);
      const facts = { lead, touches: [], leadTouches: touchesByAnyone(lead, tasks, events, policy) };
      const handoff = handoffs.get(idKey(lead.Id));
      result.push({
        id: lead.Id,
        name: lead.Name,
        company: lead.Company,
        createdAt: parseSalesforceDateTime(lead.CreatedDate),
        source: lead.LeadSource ?? NO_SOURCE,
        campaigns: campaigns.get(idKey(lead.Id)) ?? [NO_CAMPAIGN],
        workedWithinSla: firstTouchWithinSla(facts, zone, policy, now).withinSla,
        handoff: handoff?.state ?? null,
        returnReason: handoff?.state === 'returned' ? (handoff.returnReason ?? null) : null,
        disqualifyReason: disqualifyReasonOf(lead, tasks, policy.statuses.disqualified),
        converted: lead.IsConverted,
      });
    }
  }
  return result;
}

/** Campaign Id -> name, for the blocks. */
export async function campaignNames(deps: Pick<FunnelReadDeps, 'store'>): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for await (const chunk of deps.store.scan('Campaign')) {
    for (const campaign of chunk) names[campaign.Id] = campaign.Name;
  }
  return names;
}
