import type { SfUser } from '../../../platform/salesforce/records.ts';
import type { LeadReadDeps } from '../deps.ts';
import { selectDigestLeads } from '../domain/digest.ts';
import { ownerQueue } from './lead-loader.ts';
import { scanThroughIndex, type OwnerScan, type ScanReading } from './scan-index.ts';
import { indexLeads } from './sla-index.ts';
import { SlaIndexStore } from '../sla-index-store.ts';

/**
 * What the scan reads, per owner. Two sources with one result:
 * - 'full' (the scan before the SLA index, kept as its oracle): every stored lead of every owner;
 * - 'index': only the leads whose indexed instant has passed (scan-index.ts). A lead due soon,
 *   overdue or escalated now has passed its instant, so the digest selection and the escalations
 *   are the same; the rest of the queue is never read.
 */

export type ScanSource = 'index' | 'full';

export type { OwnerScan, ScanReading } from './scan-index.ts';

/** The full scan's read of one owner: every stored lead of theirs, clocked. */
async function scanOwner(deps: LeadReadDeps, reading: ScanReading, user: SfUser): Promise<OwnerScan | null> {
  const { now, snoozes } = reading;
  const leadIds = await deps.store.leadIdsOwnedBy(user.Id);
  if (leadIds.length === 0) return null;
  const queue = await ownerQueue(deps, user.Id, { now, snoozes, known: { owner: user, leadIds } });
  const escalated = queue.clocked.filter((c) => c.clock.escalate);
  const selection = selectDigestLeads(queue.clocked, deps.config.policy.sla);
  return { user, queue, selection, escalated };
}

/** Each owner with leads read, their queue clocked, their digest selection and escalated leads. */
export async function* scanOwners(
  deps: LeadReadDeps,
  reading: ScanReading,
  source: ScanSource,
): AsyncGenerator<OwnerScan> {
  if (source === 'full') {
    // One owner at a time, as before the index: every lead of an owner is in hand.
    for (const user of reading.users) {
      const scan = await scanOwner(deps, reading, user);
      if (scan) yield scan;
    }
    return;
  }
  const stale: string[] = [];
  const readOwners: string[] = [];
  yield* scanThroughIndex(deps, reading, stale, readOwners);
  if (stale.length > 0) await indexLeads(deps, stale, { now: reading.now });
  // Recomputed entries left these owners' bounds low (owner-next in sla-index-store.ts).
  await new SlaIndexStore(deps).raiseOwnersNext(readOwners);
}

/** Per owner, the leads a scan would list and escalate: what the oracle test compares. */
export interface OwnerClassification {
  listed: string[];
  moreCount: number;
  escalated: string[];
}

export async function classifyOwners(
  deps: LeadReadDeps,
  reading: ScanReading,
  source: ScanSource,
): Promise<Map<string, OwnerClassification>> {
  const result = new Map<string, OwnerClassification>();
  for await (const owner of scanOwners(deps, reading, source)) {
    const listed = owner.selection.leads.map((c) => c.lead.Id);
    const escalated = owner.escalated.map((c) => c.lead.Id).sort();
    if (listed.length === 0 && escalated.length === 0) continue;
    result.set(owner.user.Id, { listed, moreCount: owner.selection.moreCount, escalated });
  }
  return result;
}
