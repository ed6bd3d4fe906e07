import type { Lead } from '../../../platform/salesforce/records.ts';
import { leadsAwaitingAccept } from '../../../shared/relay/coverage.ts';
import { isClosedLead, type LeadFacts } from '../../../shared/sla/lead-clock.ts';
import type { NudgesDeps } from '../deps.ts';
import { policyHash } from '../domain/sla-index.ts';
import { clockFactsOf, type StoredFacts } from '../domain/sla-index-facts.ts';
import { SlaIndexStore } from '../sla-index-store.ts';
import { loadFacts, type FreshFacts } from './lead-facts.ts';

/**
 * Clock facts from the SLA index's entries instead of each lead's activity: reading and parsing
 * every Task and Event of an owner's leads was most of what `/leads` and Home cost a worker (bench
 * acks). An entry's facts stand only while they are current; otherwise the lead's activity is read.
 */

type FactsDeps = Pick<NudgesDeps, 'store' | 'config' | 'redis' | 'keys'>;

/** What the index kept for some leads: their entries' facts and their activity tokens now. */
export interface KeptFacts {
  stored: ReadonlyMap<string, StoredFacts>;
  tokens: ReadonlyMap<string, string | null>;
}

/**
 * The clock facts of the open leads among these records: from their index entries, and read as
 * before for a lead whose entry has none (an entry written before facts were kept), keeps them for
 * another owner (a reassignment whose event is still on its way) or under another activity token
 * (activity stored since, its event still queued: a lead touched a minute ago is not nudged).
 * `fresh` (assignment and hand-off read now, for readers that must not wait for a re-index to see
 * them) replaces the entries' assignment and hand-off (an owner-history back-fill or a late
 * assignment record publishes no event that would re-index them).
 */
export async function keptClockFacts(
  deps: FactsDeps,
  leads: readonly Lead[],
  snoozes: ReadonlyMap<string, Date>,
  kept: KeptFacts,
  fresh?: FreshFacts,
): Promise<Map<string, LeadFacts>> {
  const policy = deps.config.policy.sla;
  const facts = new Map<string, LeadFacts>();
  const unread: Lead[] = [];
  for (const lead of leads) {
    if (isClosedLead(lead, policy)) continue;
    const entry = kept.stored.get(lead.Id);
    const current =
      entry && entry.ownerId === lead.OwnerId && entry.activityToken === (kept.tokens.get(lead.Id) ?? null);
    if (!current) {
      unread.push(lead);
      continue;
    }
    const fromEntry = clockFactsOf(lead, entry, snoozes.get(lead.Id) ?? null);
    facts.set(
      lead.Id,
      fresh
        ? {
            ...fromEntry,
            assignedAt: fresh.assignedAt.get(lead.Id) ?? null,
            awaitingAccept: fresh.awaitingAccept.has(lead.Id),
          }
        : fromEntry,
    );
  }
  if (unread.length === 0) return facts;
  // What `fresh` already read is not read again for the leads whose activity is.
  for (const read of await loadFacts(deps, unread, snoozes, fresh)) facts.set(read.facts.lead.Id, read.facts);
  return facts;
}

/**
 * The clock facts of the open leads among these, equal to what their activity gives (the oracle
 * test compares): touches from the index while it is built under the current SLA policy and an
 * entry is current, assignment and hand-off read now; all from activity while the index is not ready.
 */
export async function currentClockFacts(
  deps: FactsDeps,
  leads: readonly Lead[],
  snoozes: ReadonlyMap<string, Date>,
): Promise<Map<string, LeadFacts>> {
  const index = new SlaIndexStore(deps);
  const ids = leads.map((lead) => lead.Id);
  const byOwner = new Map<string, string[]>();
  for (const lead of leads) byOwner.set(lead.OwnerId, [...(byOwner.get(lead.OwnerId) ?? []), lead.Id]);
  const [ready, stored, tokens, assignedAt, awaitingAccept] = await Promise.all([
    index.readyPolicyHash(),
    index.facts(byOwner),
    deps.store.activityStamps(ids),
    deps.store.leadAssignedAt(leads),
    leadsAwaitingAccept(deps, leads),
  ]);
  const policy = deps.config.policy.sla;
  if (ready !== policyHash(policy)) {
    const open = leads.filter((lead) => !isClosedLead(lead, policy));
    const read = await loadFacts(deps, open, snoozes, { assignedAt, awaitingAccept });
    return new Map(read.map(({ facts }) => [facts.lead.Id, facts]));
  }
  const kept = { stored, tokens: new Map(ids.map((id, i) => [id, tokens[i] ?? null])) };
  return keptClockFacts(deps, leads, snoozes, kept, { assignedAt, awaitingAccept });
}
