import type { SfUser } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import type { LeadReadDeps } from '../deps.ts';
import { selectDigestLeads, type ClockedLead, type DigestSelection } from '../domain/digest.ts';
import { SlaIndexStore } from '../sla-index-store.ts';
import { ownerQueue, type OwnerQueue } from './lead-loader.ts';
import { indexLeads, indexOwner } from './sla-index.ts';

/**
 * What the scan reads, per owner. Two sources with one result:
 * - 'full' (the scan before the SLA index, kept as its oracle): every stored lead of every owner;
 * - 'index': only the leads whose indexed instant has passed (ZRANGEBYSCORE, one pipelined round
 *   trip for every owner). A lead due soon, overdue or escalated now has passed its instant, so the
 *   digest selection and the escalations are the same; the rest of the queue is never read.
 */

export type ScanSource = 'index' | 'full';

export interface OwnerScan {
  user: SfUser;
  queue: OwnerQueue;
  selection: DigestSelection<ClockedLead>;
  escalated: ClockedLead[];
}

export interface ScanReading {
  now: Date;
  users: SfUser[];
  snoozes: Map<string, Date>;
}

/** Owners whose time zone moved since their entries were computed get re-indexed first. */
async function dueFromIndex(deps: LeadReadDeps, reading: ScanReading): Promise<Map<string, string[]>> {
  const index = new SlaIndexStore(deps);
  const [stored, zones] = await Promise.all([
    index.ownerTimeZones(),
    Promise.all(
      reading.users.map(async (user) => {
        const slackUserId = await deps.people.slackIdFor(user.Id);
        return [user.Id, await timeZoneOf(deps, { slackUserId, salesforceUser: user })] as const;
      }),
    ),
  ]);
  for (const [ownerId, timeZone] of zones) {
    const before = stored.get(ownerId);
    if (before !== undefined && before !== timeZone) {
      await indexOwner(deps, ownerId, { now: reading.now, timeZone });
    }
  }
  return index.dueLeadIds(
    reading.users.map((u) => u.Id),
    reading.now,
  );
}

/** Due entries that were not due after all (gone, moved, closed, or a future stamp passed): recompute. */
function staleEntries(leadIds: readonly string[], userId: string, clocked: readonly ClockedLead[]): string[] {
  const live = new Set(
    clocked
      .filter((c) => c.lead.OwnerId === userId)
      .filter((c) => c.clock.state === 'due-soon' || c.clock.state === 'overdue')
      .map((c) => c.lead.Id),
  );
  return leadIds.filter((id) => !live.has(id));
}

/**
 * Owners read at once through the index: only their due leads are in hand, so a couple of hundred owners in
 * flight cost little memory and hide the round trips. The full scan stays one owner at a time, as
 * before (every lead of an owner in hand).
 */
const INDEX_CONCURRENCY = 200;

async function scanOwner(
  deps: LeadReadDeps,
  reading: ScanReading,
  user: SfUser,
  due: Map<string, string[]> | null,
  stale: string[],
): Promise<OwnerScan | null> {
  const { now, snoozes } = reading;
  const leadIds = due ? (due.get(user.Id) ?? []) : await deps.store.leadIdsOwnedBy(user.Id);
  if (leadIds.length === 0) return null;
  const queue = await ownerQueue(deps, user.Id, { now, snoozes, known: { owner: user, leadIds } });
  if (due) {
    stale.push(...staleEntries(leadIds, user.Id, queue.clocked));
    queue.clocked = queue.clocked.filter((c) => c.lead.OwnerId === user.Id);
  }
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
  const due = source === 'index' ? await dueFromIndex(deps, reading) : null;
  const users = due ? reading.users.filter((user) => due.has(user.Id)) : reading.users;
  const step = due ? INDEX_CONCURRENCY : 1;
  const stale: string[] = [];
  for (let start = 0; start < users.length; start += step) {
    const slice = users.slice(start, start + step);
    const scans = await Promise.all(slice.map((user) => scanOwner(deps, reading, user, due, stale)));
    for (const scan of scans) if (scan) yield scan;
  }
  if (stale.length > 0) await indexLeads(deps, stale, { now: reading.now });
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
