import type { SfUser } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { leadsAwaitingAccept } from '../../../shared/relay/coverage.ts';
import { classifyLead, isClosedLead, qualifyingTouches } from '../../../shared/sla/lead-clock.ts';
import type { LeadReadDeps } from '../deps.ts';
import { selectDigestLeads, type ClockedLead, type DigestSelection } from '../domain/digest.ts';
import { SlaIndexStore } from '../sla-index-store.ts';
import type { OwnerQueue } from './lead-loader.ts';
import { indexOwner } from './sla-index.ts';

/**
 * The scan's read through the SLA index: every owner's due entries in one pipelined round trip
 * (ZRANGEBYSCORE), then those leads, their activity and owner history in bulk, a few round trips per
 * chunk of owners (a chunk bounds memory when many leads are due at once), each lead clocked again
 * from its facts exactly as the full scan clocks it.
 */

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

/** Owners per bulk read. */
const OWNER_CHUNK = 200;

export interface OwnerPerson {
  slackUserId: string | null;
  timeZone: string;
}

export interface IndexRead {
  due: Map<string, string[]>;
  people: Map<string, OwnerPerson>;
}

/**
 * The due entries, read alongside the people and the zones the entries were computed in; owners whose
 * time zone moved since are re-indexed and the due entries read again (rare: a person moved zone).
 */
export async function readIndex(deps: LeadReadDeps, reading: ScanReading): Promise<IndexRead> {
  const index = new SlaIndexStore(deps);
  const ownerIds = reading.users.map((user) => user.Id);
  const [stored, slackIds, due] = await Promise.all([
    index.ownerTimeZones(),
    deps.people.slackIdsFor(ownerIds),
    index.dueLeadIds(ownerIds, reading.now),
  ]);
  const people = await Promise.all(
    reading.users.map(async (user, i) => {
      const slackUserId = slackIds[i] ?? null;
      const timeZone = await timeZoneOf(deps, { slackUserId, salesforceUser: user });
      return [user.Id, { slackUserId, timeZone }] as const;
    }),
  );
  const moved = people.filter(([ownerId, { timeZone }]) => {
    const before = stored.get(ownerId);
    return before !== undefined && before !== timeZone;
  });
  for (const [ownerId, { timeZone }] of moved) {
    await indexOwner(deps, ownerId, { now: reading.now, timeZone });
  }
  const current = moved.length > 0 ? await index.dueLeadIds(ownerIds, reading.now) : due;
  return { due: current, people: new Map(people) };
}

/** Due entries that were not due after all (gone, moved, closed, or a future stamp passed): recompute. */
function staleEntries(leadIds: readonly string[], userId: string, clocked: readonly ClockedLead[]): string[] {
  const live = new Set(
    clocked.filter((c) => c.clock.state === 'due-soon' || c.clock.state === 'overdue').map((c) => c.lead.Id),
  );
  return leadIds.filter((id) => !live.has(id));
}

async function scanChunk(
  deps: LeadReadDeps,
  reading: ScanReading,
  read: IndexRead,
  users: readonly SfUser[],
): Promise<{ scans: OwnerScan[]; stale: string[] }> {
  const policy = deps.config.policy.sla;
  // The leads, their activity, their owner history and their hand-offs in parallel: a due entry
  // names the owner it is due under, and a lead that moved to someone else is skipped below.
  const due = users.flatMap((user) => (read.due.get(user.Id) ?? []).map((Id) => ({ Id, OwnerId: user.Id })));
  const ids = due.map((entry) => entry.Id);
  const [leads, activity, assignedAt, awaiting] = await Promise.all([
    deps.store.getMany('Lead', ids),
    deps.store.activitiesOnMany(ids),
    deps.store.leadAssignedAt(due),
    leadsAwaitingAccept(deps, due),
  ]);
  const open = leads.filter((lead) => !isClosedLead(lead, policy));
  const byId = new Map(open.map((lead) => [lead.Id, lead]));
  const scans: OwnerScan[] = [];
  const stale: string[] = [];
  for (const user of users) {
    const leadIds = read.due.get(user.Id) ?? [];
    const person = read.people.get(user.Id) ?? { slackUserId: null, timeZone: '' };
    const context = { ownerTimeZone: person.timeZone, policy, now: reading.now };
    const clocked = leadIds.flatMap((id) => {
      const lead = byId.get(id);
      if (!lead || lead.OwnerId !== user.Id) return [];
      // Only what the clock reads: the lead-level touches and quality ratings factsOf also builds
      // are for reports, and a scan of 1,000 due leads paid for them on every lead.
      const { tasks, events } = activity.get(id) ?? { tasks: [], events: [] };
      const facts = {
        lead,
        touches: qualifyingTouches(lead, tasks, events, policy),
        snoozedUntil: reading.snoozes.get(id) ?? null,
        assignedAt: assignedAt.get(id) ?? null,
        awaitingAccept: awaiting.has(id),
      };
      return [{ lead, clock: classifyLead(facts, context) }];
    });
    stale.push(...staleEntries(leadIds, user.Id, clocked));
    const queue = { owner: user, ownerId: user.Id, ...person, clocked };
    const escalated = clocked.filter((c) => c.clock.escalate);
    scans.push({ user, queue, selection: selectDigestLeads(clocked, policy), escalated });
  }
  return { scans, stale };
}

/** Each owner with due entries, their due leads clocked; and the entries to recompute. */
export async function* scanThroughIndex(
  deps: LeadReadDeps,
  reading: ScanReading,
  stale: string[],
): AsyncGenerator<OwnerScan> {
  const read = await readIndex(deps, reading);
  const users = reading.users.filter((user) => read.due.has(user.Id));
  for (let start = 0; start < users.length; start += OWNER_CHUNK) {
    const chunk = await scanChunk(deps, reading, read, users.slice(start, start + OWNER_CHUNK));
    stale.push(...chunk.stale);
    yield* chunk.scans;
  }
}
