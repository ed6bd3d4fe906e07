import { relayRowOffers } from '../../../shared/relay/actions.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { remainingSelection } from '../domain/digest.ts';
import { stillOpen, type DigestRecord } from '../domain/digest-records.ts';
import { buildRepDigest, type SlackMessage } from '../slack/blocks.ts';
import { handledSections } from '../slack/handled-blocks.ts';
import { NudgeState } from '../store.ts';
import { renderAlert } from './alert-render.ts';
import { clockLeads, instanceUrl, timeZoneOfUser } from './lead-loader.ts';

/**
 * A rep digest as it stands now, and its edit in place: handled leads move to a "Done" list (or
 * "Saving" / "Not saved" while their Salesforce write is under way), the rest keep their buttons.
 */

export type DigestRenderDeps = LeadReadDeps;

export async function renderRepDigest(
  deps: DigestRenderDeps,
  record: DigestRecord,
  now: Date,
): Promise<SlackMessage> {
  const state = new NudgeState(deps);
  const [handled, snoozes, timeZone] = await Promise.all([
    state.handled(record.id),
    state.snoozesOf(record.leadIds, now),
    timeZoneOfUser(deps, {
      salesforceId: record.recipientSalesforceId,
      slackUserId: record.recipientSlackId,
    }),
  ]);
  const leads = await deps.store.getMany(
    'Lead',
    record.leadIds.filter((id) => stillOpen(handled.get(id))),
  );
  // A digest lists what it listed: snoozes set after it was sent do not hide leads from it.
  const clocked = (await clockLeads(deps, leads, { now, timeZone, snoozes })).map((item) => ({
    ...item,
    clock: { ...item.clock, nudge: true },
  }));
  const selection = remainingSelection(clocked, record.moreCount);
  const message = buildRepDigest({
    selection,
    digestId: record.id,
    instanceUrl: await instanceUrl(deps),
    policy: deps.config.policy.sla,
    offers: relayRowOffers(deps.config.policy),
  });
  message.blocks.splice(message.blocks.length - 1, 0, ...handledSections(handled.values()));
  if (handled.size > 0 && selection.leads.length === 0) {
    message.text = `bullpen: all ${handled.size} leads in this digest handled`;
  }
  return message;
}

/** Edits the delivered digest (or assignment alert) in place (chat.update through the delivery queue). */
export async function refreshDigest(
  deps: DigestRenderDeps & Pick<NudgesDeps, 'delivery'>,
  digestId: string,
  now = new Date(),
): Promise<void> {
  const state = new NudgeState(deps);
  const record = await state.digest(digestId);
  if (!record || record.kind === 'escalation') return;
  const message =
    record.kind === 'alert' ? await renderAlert(deps, record, now) : await renderRepDigest(deps, record, now);
  const revision = await state.nextRevision(digestId);
  await deps.delivery.enqueue({
    key: `${digestId}-r${revision}`,
    method: 'chat.update',
    updates: digestId,
    args: { text: message.text, blocks: message.blocks },
  });
}
