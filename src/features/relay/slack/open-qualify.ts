import type { WebClient } from '@slack/web-api';
import type { RelayListenerDeps } from './listener-deps.ts';
import { qualifyModal, type AeOption } from './qualify-modal.ts';

/** The AEs the modal offers: the policy's list, named from the synced users (inactive ones left out). */
async function aeOptions(deps: RelayListenerDeps): Promise<AeOption[]> {
  const options: AeOption[] = [];
  for (const id of deps.config.policy.relay.aes) {
    const user = await deps.store.get('User', id);
    if (user?.IsActive !== false) options.push({ salesforceId: id, name: user?.Name ?? id });
  }
  return options;
}

/**
 * Opens the Qualify modal for a lead, or answers why not (returned for the caller to reply with).
 * Shared by /qualify and the message shortcut.
 */
export async function openQualify(
  deps: RelayListenerDeps,
  client: WebClient,
  input: { userId: string; triggerId: string; leadId: string },
): Promise<string | null> {
  const prepared = await deps.qualify.prepare(input.userId, input.leadId);
  if (!prepared.ok) return prepared.message;
  const { lead, proposedAe } = prepared.draft;
  const view = qualifyModal({
    leadId: lead.Id,
    leadName: lead.Name,
    company: lead.Company ?? null,
    criteria: deps.config.policy.relay.criteria,
    aes: await aeOptions(deps),
    proposedSalesforceId: proposedAe,
    proposedSlackId: proposedAe ? await deps.people.slackIdFor(proposedAe) : null,
  });
  await client.views.open({ trigger_id: input.triggerId, view });
  return null;
}
