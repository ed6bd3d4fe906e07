import { relayRowOffers } from '../../../shared/relay/actions.ts';
import { sameSalesforceId } from '../../../shared/sla/lead-clock.ts';
import type { LeadReadDeps } from '../deps.ts';
import { stillOpen, type DigestRecord } from '../domain/digest-records.ts';
import { allHandledText, buildAssignmentAlert, type AlertLead } from '../slack/alert-blocks.ts';
import type { SlackMessage } from '../slack/blocks.ts';
import { handledSections } from '../slack/handled-blocks.ts';
import { NudgeState } from '../store.ts';
import { clockLeads, instanceUrl, timeZoneOfUser } from './lead-loader.ts';

/**
 * An assignment alert as it stands now: its leads still open and still the rep's, on the shared SLA
 * clock in the rep's time zone, with their campaigns; what was done about the others below, as in
 * a digest. Both the alert's own edits and a click's edit (refreshDigest) render it here.
 */

/** The name of the campaign the lead joined last, from the synced CampaignMember records. */
export async function latestCampaignName(
  deps: Pick<LeadReadDeps, 'store'>,
  leadId: string,
): Promise<string | null> {
  const members = (await deps.store.campaignMembersOfLead(leadId)).filter((m) => !m.IsDeleted);
  const latest = members.sort((a, b) => Date.parse(b.CreatedDate) - Date.parse(a.CreatedDate))[0];
  if (!latest) return null;
  return (await deps.store.get('Campaign', latest.CampaignId))?.Name ?? null;
}

export async function renderAlert(
  deps: LeadReadDeps,
  record: DigestRecord,
  now: Date,
): Promise<SlackMessage> {
  const state = new NudgeState(deps);
  const [handled, timeZone] = await Promise.all([
    state.handled(record.id),
    timeZoneOfUser(deps, {
      salesforceId: record.recipientSalesforceId,
      slackUserId: record.recipientSlackId,
    }),
  ]);
  const leads = (
    await deps.store.getMany(
      'Lead',
      record.leadIds.filter((id) => stillOpen(handled.get(id))),
    )
  ).filter((lead) => sameSalesforceId(lead.OwnerId, record.recipientSalesforceId));
  // An alert is about the assignment: a snooze set since does not hide a lead from it.
  const clocked = await clockLeads(deps, leads, { now, timeZone, snoozes: new Map() });
  const order = (id: string): number => record.leadIds.indexOf(id);
  const items: AlertLead[] = await Promise.all(
    clocked
      .sort((a, b) => order(a.lead.Id) - order(b.lead.Id))
      .map(async (item) => ({ ...item, campaign: await latestCampaignName(deps, item.lead.Id) })),
  );
  const message = buildAssignmentAlert({
    leads: items,
    alertId: record.id,
    instanceUrl: await instanceUrl(deps),
    policy: deps.config.policy.sla,
    timeZone,
    offers: relayRowOffers(deps.config.policy),
  });
  message.blocks.push(...handledSections(handled.values()));
  if (handled.size > 0 && items.length === 0) message.text = allHandledText(handled.size);
  return message;
}
