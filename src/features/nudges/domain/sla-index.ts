import { createHash } from 'node:crypto';
import { BoundedCache } from '../../../platform/bounded-cache.ts';
import { addBusinessHours } from '../../../shared/sla/business-clock.ts';
import {
  clockStart,
  parseSalesforceDateTime,
  type LeadClock,
  type LeadFacts,
} from '../../../shared/sla/lead-clock.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';

/**
 * The SLA index's arithmetic (issue 15 item 1): for a lead, the first instant at which the scan must
 * look at it again. A lead's classification only moves forward with the clock (on track, then due
 * soon, then overdue, then escalated) until a fact changes, and a fact change re-indexes the lead.
 * So the scan needs only the leads whose instant has passed: due soon or later, or one whose facts
 * change with time alone (an activity or modification stamped in the future takes effect then).
 */

/** The instant is stored a millisecond early: addBusinessHours rounds to the millisecond. */
const ROUNDING_MARGIN_MS = 1;
const EPSILON_HOURS = 1e-9;
/**
 * A lead is indexed when its change is processed, which can be a little after the instant a scan
 * classifies at (a scan running while events arrive). A fact stamped this close to `now` is treated
 * as still to come, so the lead stays due for that long and such a scan still reads it.
 */
const FRESH_FACT_MS = 10 * 60_000;

export interface IndexEntry {
  /** When the scan must next classify the lead (ms); null: closed, never (until a fact changes). */
  nextAt: number | null;
  /** The small state the digest and Home read: the clock's state and due instant. */
  state: string;
}

function futureFactMs(facts: LeadFacts, indexedAtMs: number): number {
  const nowMs = indexedAtMs - FRESH_FACT_MS;
  let earliest = Number.POSITIVE_INFINITY;
  for (const touch of facts.touches) {
    const ms = touch.at.getTime();
    if (ms > nowMs && ms < earliest) earliest = ms;
  }
  // A status-change time is clamped to "now" when it is stamped later: it moves until then.
  const stamps = [parseSalesforceDateTime(facts.lead.SystemModstamp).getTime()];
  if (facts.firstStatusChangeAt) stamps.push(facts.firstStatusChangeAt.getTime());
  for (const ms of stamps) if (ms > nowMs && ms < earliest) earliest = ms;
  return earliest;
}

/** The index entry of a lead classified at `now` (classifyLead's result for the same facts). */
export function indexEntryFor(
  facts: LeadFacts,
  clock: LeadClock,
  context: { ownerTimeZone: string; policy: SlaPolicy; now: Date },
): IndexEntry {
  const { ownerTimeZone, policy, now } = context;
  const state = `${clock.state}:${clock.dueAt?.getTime() ?? ''}`;
  if (clock.state === 'closed') return { nextAt: null, state };
  const anchor = clock.lastTouchAt ?? clockStart(facts.lead, facts.assignedAt);
  const dueSoonHours = policy.dueSoonShare * clock.slaHours;
  const dueSoonMs =
    dueSoonHours <= EPSILON_HOURS
      ? Number.NEGATIVE_INFINITY
      : addBusinessHours(anchor, dueSoonHours, ownerTimeZone, policy.calendar).getTime();
  const dueMs = clock.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const nextAt = Math.min(dueSoonMs, dueMs, futureFactMs(facts, now.getTime())) - ROUNDING_MARGIN_MS;
  return { nextAt: Number.isFinite(nextAt) ? nextAt : nextAt < 0 ? 0 : null, state };
}

/** Whether an entry is due at `now`: the scan reads it. */
export const isDue = (entry: IndexEntry, now: Date): boolean =>
  entry.nextAt !== null && entry.nextAt <= now.getTime();

/**
 * What the index stores changed with this number (2: clock facts per entry and the owners' next
 * instants): an index built in another format is rebuilt like one built under another policy.
 */
const INDEX_FORMAT = 2;

/**
 * Hashes of the policies in use, by object: a policy is parsed once from config and never changed
 * in place (another policy is another object), and every `/leads`, Home and scan checks the index's
 * readiness against it, which re-hashed the whole policy each time.
 */
const hashes = new BoundedCache<SlaPolicy, string>(16);

/** A stable hash of the SLA policy and index format: the index was built under it; a change re-indexes. */
export const policyHash = (policy: SlaPolicy): string => hashes.getOrCompute(policy, hashPolicy);

function hashPolicy(policy: SlaPolicy): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical({ indexFormat: INDEX_FORMAT, policy })))
    .digest('hex')
    .slice(0, 16);
}
