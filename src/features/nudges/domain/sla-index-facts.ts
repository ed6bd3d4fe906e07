import type { Lead } from '../../../platform/salesforce/records.ts';
import type { LeadFacts } from '../../../shared/sla/lead-clock.ts';

/**
 * The clock facts an SLA index entry keeps beside its state (issue 15 item 1), so a scan classifies
 * a due lead from its record and these, without reading its activity, owner history or hand-off:
 * the owner's qualifying touch instants, when that owner got the lead and whether a hand-off to them
 * awaits their accept. Each is re-indexed by the domain event that changes it (activity, owner
 * change, relay hand-off and accept). The lead's own fields are not kept: the scan reads the record
 * (as the bare read does), so an edit that publishes no event (source, deletion, a modification
 * stamp standing in for a status change) still shows.
 *
 * Stored as JSON with a version; an entry written before facts were kept (`state:dueAt`) or in
 * another shape decodes to null and the scan reads that lead's facts as before.
 */

export const FACTS_VERSION = 2;

export interface StoredFacts {
  /** The clock's state and due instant when indexed, as `state:dueMs` (what Home and doctor read). */
  state: string;
  /** The owner the touches, assignment and hand-off were computed for. */
  ownerId: string;
  assignedAtMs: number | null;
  awaitingAccept: boolean;
  /** The owner's qualifying touches (ms), oldest first; future ones included, `now` filters them. */
  touchesMs: number[];
  /**
   * The lead's activity token (synced-records.ts) read before its activity was: another token now
   * means activity was stored since, whose event may still be queued, so the scan reads it.
   */
  activityToken: string | null;
}

interface Encoded {
  v: number;
  s: string;
  o: string;
  a: number | null;
  w: 0 | 1;
  t: number[];
  x: string | null;
}

export function encodeFacts(facts: StoredFacts): string {
  const encoded: Encoded = {
    v: FACTS_VERSION,
    s: facts.state,
    o: facts.ownerId,
    a: facts.assignedAtMs,
    w: facts.awaitingAccept ? 1 : 0,
    t: facts.touchesMs,
    x: facts.activityToken,
  };
  return JSON.stringify(encoded);
}

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A cheap shape check at the boundary: a zod schema per entry cost more than the scan's read. */
function isEncoded(value: unknown): value is Encoded {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['v'] === FACTS_VERSION &&
    typeof v['s'] === 'string' &&
    typeof v['o'] === 'string' &&
    (v['a'] === null || isFiniteNumber(v['a'])) &&
    (v['w'] === 0 || v['w'] === 1) &&
    Array.isArray(v['t']) &&
    v['t'].every(isFiniteNumber) &&
    (v['x'] === null || typeof v['x'] === 'string')
  );
}

/** The facts of a stored entry; null for an entry without them (older format) or a malformed one. */
export function decodeFacts(raw: string | null | undefined): StoredFacts | null {
  if (!raw || raw[0] !== '{') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isEncoded(parsed)) return null;
  return {
    state: parsed.s,
    ownerId: parsed.o,
    assignedAtMs: parsed.a,
    awaitingAccept: parsed.w === 1,
    touchesMs: parsed.t,
    activityToken: parsed.x,
  };
}

/** The state part of a stored entry, in either format. */
export const storedState = (raw: string): string => decodeFacts(raw)?.state ?? raw;

/** The facts to store for a lead's clock facts (touch kinds are not kept: the clock reads instants). */
export function storedFactsOf(facts: LeadFacts, state: string, activityToken: string | null): StoredFacts {
  return {
    activityToken,
    state,
    ownerId: facts.lead.OwnerId,
    assignedAtMs: facts.assignedAt?.getTime() ?? null,
    awaitingAccept: facts.awaitingAccept === true,
    touchesMs: facts.touches.map((touch) => touch.at.getTime()),
  };
}

/** A due lead's clock facts from its current record and its stored facts (same owner only). */
export function clockFactsOf(lead: Lead, stored: StoredFacts, snoozedUntil: Date | null): LeadFacts {
  return {
    lead,
    touches: stored.touchesMs.map((ms) => ({ at: new Date(ms), kind: 'activity' as const })),
    snoozedUntil,
    assignedAt: stored.assignedAtMs === null ? null : new Date(stored.assignedAtMs),
    awaitingAccept: stored.awaitingAccept,
  };
}
