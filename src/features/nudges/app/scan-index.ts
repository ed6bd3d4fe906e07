import type { SfUser } from '../../../platform/salesforce/records.ts';
import { PeopleZonesMemo, type PersonZone } from '../../../shared/people/people-zones.ts';
import { classifyLead } from '../../../shared/sla/lead-clock.ts';
import type { LeadReadDeps } from '../deps.ts';
import { selectDigestLeads, type ClockedLead, type DigestSelection } from '../domain/digest.ts';
import { SlaIndexStore } from '../sla-index-store.ts';
import { NudgeState } from '../store.ts';
import { keptClockFacts } from './indexed-facts.ts';
import type { OwnerQueue } from './lead-loader.ts';
import { indexOwner } from './sla-index.ts';

/**
 * The scan's read through the SLA index: the owners whose bound in `owner-next` has passed, their due
 * entries in one pipelined round trip (ZRANGEBYSCORE), then those leads' records, the clock facts
 * their entries keep and their activity tokens in one more, per chunk of whole owners holding up to
 * LEADS_PER_CHUNK due leads (a chunk bounds memory when many leads are due at once; counted in
 * owners, 1,000 reps with one due lead each took five sequential reads), each lead clocked again
 * from its facts exactly as the full scan clocks it (classifyLead, at the scan's `now`).
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
  /** Every snooze, when the caller has them; otherwise each owner's or due lead's are read. */
  snoozes?: Map<string, Date>;
}

/** Due leads per bulk read (an owner with more is read alone). */
const LEADS_PER_CHUNK = 2_000;

export type OwnerPerson = PersonZone;

export interface IndexRead {
  due: Map<string, string[]>;
  people: ReadonlyMap<string, OwnerPerson>;
  /** The owners whose bound had passed and whose sets were read: their bounds are raised after. */
  read: string[];
}

/** The due entries of the owners whose bound has passed (of these users), two round trips. */
async function dueOfUsers(
  index: SlaIndexStore,
  users: ReadonlySet<string>,
  now: Date,
): Promise<{ due: Map<string, string[]>; read: string[] }> {
  const read = (await index.dueOwners(now)).filter((ownerId) => users.has(ownerId));
  return { due: await index.dueLeadIds(read, now), read };
}

/** Owners whose zone moved since their entries were computed: each re-indexed in their new zone. */
async function reindexMovedOwners(
  deps: LeadReadDeps,
  index: SlaIndexStore,
  people: ReadonlyMap<string, OwnerPerson>,
  now: Date,
): Promise<number> {
  const stored = await index.ownerTimeZones();
  const moved = [...people].filter(([ownerId, { timeZone }]) => {
    const before = stored.get(ownerId);
    return before !== undefined && before !== timeZone;
  });
  for (const [ownerId, { timeZone }] of moved) await indexOwner(deps, ownerId, { now, timeZone });
  return moved.length;
}

/**
 * The due entries, read alongside the people and their zones. Every owner's zone is checked against
 * the one their entries were computed in (a move can make any of their leads due): the whole map
 * only when the zones' digest differs from the last one found equal, and owners whose zone moved
 * are re-indexed and the due entries read again (rare: a person moved zone). Only the owners whose
 * bound in `owner-next` has passed have their sets read.
 */
export async function readIndex(deps: LeadReadDeps, reading: ScanReading): Promise<IndexRead> {
  const index = new SlaIndexStore(deps);
  const ownerIds = reading.users.map((user) => user.Id);
  const known = new Set(ownerIds);
  const [checked, { people, zonesDigest: digest }, first] = await Promise.all([
    index.zonesChecked(),
    (deps.peopleZones ?? new PeopleZonesMemo()).read(deps, reading.users),
    dueOfUsers(index, known, reading.now),
  ]);
  if (digest === checked) return { ...first, people };
  const moved = await reindexMovedOwners(deps, index, people, reading.now);
  await index.setZonesChecked(digest);
  const current = moved > 0 ? await dueOfUsers(index, known, reading.now) : first;
  return { ...current, people };
}

/** Due entries that were not due after all (gone, moved, closed, or a future stamp passed): recompute. */
function staleEntries(leadIds: readonly string[], clocked: readonly ClockedLead[]): string[] {
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
): Promise<{ scans: OwnerScan[]; stale: string[]; staleOwners: string[] }> {
  const policy = deps.config.policy.sla;
  // The due leads' records, their stored clock facts and activity tokens in parallel: a due entry
  // names the owner it is due under, and a lead that moved to someone else is skipped below.
  const dueOf = new Map(users.map((user) => [user.Id, read.due.get(user.Id) ?? []]));
  const ids = [...dueOf.values()].flat();
  // Sent small reads first: Redis answers them before the records' HMGET, and their facts are
  // decoded here while Redis still builds the records' reply (the replies come back in order).
  const [stored, tokens, snoozes, leads] = await Promise.all([
    new SlaIndexStore(deps).facts(dueOf),
    deps.store.activityStamps(ids),
    reading.snoozes ?? new NudgeState(deps).snoozesOf(ids),
    deps.store.getMany('Lead', ids),
  ]);
  const tokenOf = new Map(ids.map((id, i) => [id, tokens[i] ?? null]));
  const facts = await keptClockFacts(deps, leads, snoozes, { stored, tokens: tokenOf });
  const scans: OwnerScan[] = [];
  const stale: string[] = [];
  const staleOwners: string[] = [];
  for (const user of users) {
    const leadIds = dueOf.get(user.Id) ?? [];
    const person = read.people.get(user.Id) ?? { slackUserId: null, timeZone: '' };
    const context = { ownerTimeZone: person.timeZone, policy, now: reading.now };
    const clocked = leadIds.flatMap((id) => {
      const f = facts.get(id);
      if (!f || f.lead.OwnerId !== user.Id) return [];
      return [{ lead: f.lead, clock: classifyLead(f, context) }];
    });
    const notDue = staleEntries(leadIds, clocked);
    if (notDue.length > 0) staleOwners.push(user.Id);
    stale.push(...notDue);
    const queue = { owner: user, ownerId: user.Id, ...person, clocked };
    const escalated = clocked.filter((c) => c.clock.escalate);
    scans.push({ user, queue, selection: selectDigestLeads(clocked, policy), escalated });
  }
  return { scans, stale, staleOwners };
}

/** The owners in order, cut into chunks of at most `limit` due leads (an owner with more is alone). */
export function chunksByDueLeads<U extends { Id: string }>(
  users: readonly U[],
  due: ReadonlyMap<string, readonly string[]>,
  limit = LEADS_PER_CHUNK,
): U[][] {
  const chunks: U[][] = [];
  let current: U[] = [];
  let count = 0;
  for (const user of users) {
    const leads = due.get(user.Id)?.length ?? 0;
    if (current.length > 0 && count + leads > limit) {
      chunks.push(current);
      current = [];
      count = 0;
    }
    current.push(user);
    count += leads;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Each owner with due entries, their due leads clocked; the entries to recompute and owners read. */
export async function* scanThroughIndex(
  deps: LeadReadDeps,
  reading: ScanReading,
  stale: string[],
  readOwners: string[],
): AsyncGenerator<OwnerScan> {
  const read = await readIndex(deps, reading);
  // An owner read with nothing due, or with entries to recompute, has a bound to raise afterwards.
  readOwners.push(...read.read.filter((ownerId) => !read.due.has(ownerId)));
  const users = reading.users.filter((user) => read.due.has(user.Id));
  for (const owners of chunksByDueLeads(users, read.due)) {
    const chunk = await scanChunk(deps, reading, read, owners);
    stale.push(...chunk.stale);
    readOwners.push(...chunk.staleOwners);
    yield* chunk.scans;
  }
}
