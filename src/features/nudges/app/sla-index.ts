import type { Lead } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { classifyLead } from '../../../shared/sla/lead-clock.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { LeadReadDeps } from '../deps.ts';
import { indexEntryFor } from '../domain/sla-index.ts';
import { encodeFacts, storedFactsOf } from '../domain/sla-index-facts.ts';
import { SlaIndexStore, type IndexWrite } from '../sla-index-store.ts';
import { loadFacts } from './lead-facts.ts';

/**
 * Keeps the SLA index (sla-index-store.ts) true: a lead is re-indexed once when sync stores a change
 * to it or its activity (the domain events), and every lead of an owner when their time zone moved.
 * Snoozes do not enter the index: they mute a digest, never the clock, and the scan reads them.
 * Each entry keeps the lead's clock facts (domain/sla-index-facts.ts), written here and only here.
 */

const NO_SNOOZES = new Map<string, Date>();

/** Each owner's time zone, as the scan computes it (Slack's setting first). */
export async function ownerTimeZone(deps: LeadReadDeps, ownerId: string): Promise<string> {
  const [slackUserId, user] = await Promise.all([
    deps.people.slackIdFor(ownerId),
    deps.store.get('User', ownerId),
  ]);
  return timeZoneOf(deps, { slackUserId, salesforceUser: user });
}

async function entriesOfOwner(
  deps: LeadReadDeps,
  ownerId: string,
  leads: readonly Lead[],
  context: { now: Date; timeZone: string },
): Promise<IndexWrite[]> {
  const policy = deps.config.policy.sla;
  const clockContext = { ownerTimeZone: context.timeZone, policy, now: context.now };
  // The tokens before the activity: a token that moved after this read marks the entry for re-reading.
  const tokens = await deps.store.activityStamps(leads.map((lead) => lead.Id));
  const tokenOf = new Map(leads.map((lead, i) => [lead.Id, tokens[i] ?? null]));
  const facts = await loadFacts(deps, leads, NO_SNOOZES);
  return facts.map(({ facts: f }) => {
    const entry = indexEntryFor(f, classifyLead(f, clockContext), clockContext);
    // The facts go with the entry: the scan classifies a due lead from its record and these.
    const state = encodeFacts(storedFactsOf(f, entry.state, tokenOf.get(f.lead.Id) ?? null));
    return { leadId: f.lead.Id, ownerId, nextAt: entry.nextAt, state };
  });
}

/**
 * Recomputes the index entries of these leads as of `now`; a lead gone from the store is dropped.
 * `zones` carries owner time zones already known, and learns the ones looked up (a re-index passes
 * one map through every batch); returns how many entries were written.
 */
export async function indexLeads(
  deps: LeadReadDeps,
  leadIds: readonly string[],
  options: { now?: Date; zones?: Map<string, string> } = {},
): Promise<number> {
  if (leadIds.length === 0) return 0;
  const now = options.now ?? new Date();
  const zones = options.zones ?? new Map<string, string>();
  const leads = await deps.store.getMany('Lead', [...new Set(leadIds)]);
  const byOwner = new Map<string, Lead[]>();
  for (const lead of leads) byOwner.set(lead.OwnerId, [...(byOwner.get(lead.OwnerId) ?? []), lead]);
  const found = new Set(leads.map((lead) => lead.Id));
  const writes: IndexWrite[] = leadIds
    .filter((id) => !found.has(id))
    .map((leadId) => ({ leadId, ownerId: null, nextAt: null, state: '' }));
  const index = new SlaIndexStore(deps);
  const stored = await index.ownerTimeZonesOf([...byOwner.keys()]);
  const used = new Map<string, string>();
  // Owners in parallel: each is a few round trips, and a batch of leads spans hundreds of owners.
  const perOwner = await Promise.all(
    [...byOwner].map(async ([ownerId, owned]) => {
      const timeZone = zones.get(ownerId) ?? (await ownerTimeZone(deps, ownerId));
      zones.set(ownerId, timeZone);
      used.set(ownerId, timeZone);
      const before = stored.get(ownerId);
      // The owner's other entries were computed in their old time zone: all of them move with it.
      const all =
        before !== undefined && before !== timeZone
          ? await deps.store.getMany('Lead', await deps.store.leadIdsOwnedBy(ownerId))
          : owned;
      const ownedNow = all.filter((lead) => lead.OwnerId === ownerId);
      return entriesOfOwner(deps, ownerId, ownedNow, { now, timeZone });
    }),
  );
  writes.push(...perOwner.flat());
  await index.write(writes);
  await index.setOwnerTimeZones(used);
  // A zone other than the one stored: the scan's check of every owner's zone runs again.
  if ([...used].some(([ownerId, zone]) => (stored.get(ownerId) ?? zone) !== zone)) {
    await index.setZonesChecked(null);
  }
  return writes.length;
}

/** Every lead an owner has, re-indexed in their (new) time zone. */
export async function indexOwner(
  deps: LeadReadDeps,
  ownerId: string,
  options: { now: Date; timeZone: string },
): Promise<number> {
  const leadIds = await deps.store.leadIdsOwnedBy(ownerId);
  const zones = new Map([[ownerId, options.timeZone]]);
  const written = await indexLeads(deps, leadIds, { now: options.now, zones });
  await new SlaIndexStore(deps).setOwnerTimeZones(zones);
  return written;
}

/** A change sync stored (or the change stream brought): that lead's clock is recomputed once. */
export async function indexOnDomainEvent(deps: LeadReadDeps, event: DomainEvent, now?: Date): Promise<void> {
  if (event.type === 'opportunity.won') return;
  await indexLeads(deps, [event.leadId], now ? { now } : {});
}
