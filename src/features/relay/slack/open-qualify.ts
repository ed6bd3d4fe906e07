import type { WebClient } from '@slack/web-api';
import { settledWithin } from '../../../platform/deadline.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { QUALIFY_TITLE, qualifyModal, type AeOption } from './qualify-modal.ts';
import { relayNotice } from './submission-views.ts';

/** The AEs the modal offers: the policy's list, named from the synced users (inactive ones left out). */
async function aeOptions(deps: RelayListenerDeps): Promise<AeOption[]> {
  const options: AeOption[] = [];
  for (const id of deps.config.policy.relay.aes) {
    const user = await deps.store.get('User', id);
    if (user?.IsActive !== false) options.push({ salesforceId: id, name: user?.Name ?? id });
  }
  return options;
}

/** A trigger_id lasts 3 s from the click: past this, open a holding modal while it still works. */
const PREPARE_DEADLINE_MS = 1_500;
const READING = ':hourglass_flowing_sand: Reading the lead from Salesforce, which is slower than usual…';
const UNREADABLE =
  ':warning: bullpen could not read the lead from Salesforce (it failed or did not answer in time). Try Qualify again in a minute.';

type Prepared = Awaited<ReturnType<RelayListenerDeps['qualify']['prepare']>>;

async function formFor(deps: RelayListenerDeps, draft: Extract<Prepared, { ok: true }>['draft']) {
  const { lead, proposedAe } = draft;
  return qualifyModal({
    leadId: lead.Id,
    leadName: lead.Name,
    company: lead.Company ?? null,
    criteria: deps.config.policy.relay.criteria,
    aes: await aeOptions(deps),
    proposedSalesforceId: proposedAe,
    proposedSlackId: proposedAe ? await deps.people.slackIdFor(proposedAe) : null,
  });
}

/** Salesforce was slow: a holding modal now, the form (or why not) in it once the lead is read. */
async function openWhileReading(
  deps: RelayListenerDeps,
  client: WebClient,
  input: { triggerId: string; preparing: Promise<Prepared> },
): Promise<void> {
  const opened = await client.views.open({
    trigger_id: input.triggerId,
    view: relayNotice(QUALIFY_TITLE, READING),
  });
  const viewId = opened.view?.id;
  // The race in settledWithin already handles a rejection of `preparing`: nothing is left unhandled.
  if (!viewId) return;
  const prepared = await input.preparing.catch((error: unknown) => {
    deps.logger.error({ err: error }, 'reading a lead for Qualify failed');
    return null;
  });
  const view = !prepared
    ? relayNotice(QUALIFY_TITLE, UNREADABLE)
    : prepared.ok
      ? await formFor(deps, prepared.draft)
      : relayNotice(QUALIFY_TITLE, prepared.message);
  await deps.delivery.enqueue({
    key: `relay-qualify-open-${viewId}`,
    method: 'views.update',
    args: { view_id: viewId, view },
  });
}

/**
 * Opens the Qualify modal for a lead, or answers why not (returned for the caller to reply with).
 * Shared by /qualify, the message shortcut and the lead rows' button. Reading the lead from
 * Salesforce usually takes well under a second; when it does not, a holding modal opens while the
 * trigger_id is still valid and the form replaces it.
 */
export async function openQualify(
  deps: RelayListenerDeps,
  client: WebClient,
  input: { userId: string; triggerId: string; leadId: string },
): Promise<string | null> {
  const preparing = deps.qualify.prepare(input.userId, input.leadId);
  const first = await settledWithin(preparing, PREPARE_DEADLINE_MS);
  if (!first.done) {
    await openWhileReading(deps, client, { triggerId: input.triggerId, preparing });
    return null;
  }
  if (!first.value.ok) return first.value.message;
  await client.views.open({ trigger_id: input.triggerId, view: await formFor(deps, first.value.draft) });
  return null;
}
