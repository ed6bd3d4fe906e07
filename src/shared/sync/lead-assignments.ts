import { z } from 'zod';
import { RedisBacked, type Keyspace } from '../../platform/redis.ts';
import { idKey, sameId } from '../../platform/salesforce/ids.ts';

/**
 * When each lead's current owner got it: the start of that owner's SLA clock (issue 13 item 4).
 * Sync records the owner changes it sees, the first run back-fills older ones from LeadHistory, and
 * whatever else moves a lead (the change stream, a queue claim, routing) calls `recordAssignment`.
 * A lead with no record here is on its CreatedDate clock, as before.
 *
 * One Redis hash, lead Id (15 characters) -> JSON, so a page of leads is read with one HMGET.
 */

export const ASSIGNMENT_SOURCES = ['sync', 'history', 'created', 'bullpen', 'stream'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

/** How many owner changes are kept per lead (newest first): enough to show "who had it before". */
export const ASSIGNMENT_HISTORY_LENGTH = 10;

const entrySchema = z.object({
  owner: z.string(),
  /** The owner before, when known. */
  from: z.string().nullable(),
  at: z.iso.datetime(),
  source: z.enum(ASSIGNMENT_SOURCES),
  /**
   * The owner's clock starts here even if they already held the lead: an AE handed a lead owns it
   * at once but their first-touch clock starts when they accept it (the relay, issue 14).
   */
  restart: z.boolean().optional(),
});
export type AssignmentEntry = z.infer<typeof entrySchema>;

const assignmentSchema = z.object({
  ownerId: z.string(),
  at: z.iso.datetime(),
  source: z.enum(ASSIGNMENT_SOURCES),
  history: z.array(entrySchema),
});
export type LeadAssignment = z.infer<typeof assignmentSchema>;

const recordInput = z.object({
  leadId: z.string().regex(/^00Q[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'expected a Lead Id (00Q…)'),
  ownerId: z.string().regex(/^00[5G][a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'expected a User or queue Id'),
  at: z.date().refine((date) => !Number.isNaN(date.getTime()), 'expected a valid instant'),
  source: z.enum(ASSIGNMENT_SOURCES),
  from: z.string().nullable().optional(),
  restart: z.boolean().optional(),
});

/** Writes `next` only if the field still holds `expected` (nil when absent): a compare-and-set. */
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;
const MAX_ATTEMPTS = 10;
const READ_CHUNK = 1000;

const parse = (json: string | null | undefined): LeadAssignment | null => {
  if (!json) return null;
  try {
    const parsed = assignmentSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // unreadable JSON: treated as no record, and overwritten by the next change
  }
};

const newestFirst = (x: AssignmentEntry, y: AssignmentEntry): number => Date.parse(y.at) - Date.parse(x.at);

/**
 * The record with one more owner change, or null when it adds nothing (already known, or older than
 * every change kept). Changes may arrive out of order (a re-read page, a stream and a poll seeing
 * the same change), so the history is kept as a timeline by instant: the current owner is the
 * newest entry's, and their clock starts at the oldest entry of their trailing run (a change seen
 * twice, first by sync at SystemModstamp and then by the stream at its exact time, starts it at the
 * earlier one).
 */
function applied(current: LeadAssignment | null, change: z.infer<typeof recordInput>): LeadAssignment | null {
  const at = change.at.toISOString();
  const history = current?.history ?? [];
  if (history.some((e) => e.at === at && sameId(e.owner, change.ownerId))) return null;
  const older = history.filter((e) => Date.parse(e.at) <= change.at.getTime()).sort(newestFirst)[0];
  const entry: AssignmentEntry = {
    owner: change.ownerId,
    from: change.from ?? older?.owner ?? null,
    at,
    source: change.source,
    ...(change.restart ? { restart: true } : {}),
  };
  const timeline = [entry, ...history].sort(newestFirst).slice(0, ASSIGNMENT_HISTORY_LENGTH);
  if (!timeline.includes(entry)) return null;
  const [latest] = timeline;
  if (!latest) return null;
  let start = latest;
  for (const e of timeline) {
    if (!sameId(e.owner, latest.owner)) break;
    start = e;
    if (e.restart) break;
  }
  return { ownerId: latest.owner, at: start.at, source: start.source, history: timeline };
}

/** The one hash of every lead's owner history. */
export const leadAssignmentsKey = (keys: Keyspace): string => keys('sf', 'lead-assignments');
/** A lead's field in that hash. */
export const leadAssignmentField = (leadId: string): string => idKey(leadId);

/** When the lead's current owner got it, from its stored record; null when the record is not theirs. */
export function assignedAtFrom(json: string | null | undefined, lead: { OwnerId: string }): Date | null {
  const assignment = parse(json);
  return assignment && sameId(assignment.ownerId, lead.OwnerId) ? new Date(assignment.at) : null;
}

export class LeadAssignments extends RedisBacked {
  private get hash(): string {
    return leadAssignmentsKey(this.keys);
  }

  /**
   * Records that `ownerId` got `leadId` at `at` (from `from`, when the caller knows). Returns whether
   * the current owner or their start instant changed: a change already known, or older than the
   * newest one on record, is kept in the history and changes neither. Throws on a malformed Id or
   * date, recording nothing.
   */
  async recordAssignment(
    leadId: string,
    ownerId: string,
    at: Date,
    source: AssignmentSource,
    from?: string | null,
    options: { restart?: boolean } = {},
  ): Promise<boolean> {
    const change = recordInput.parse({ leadId, ownerId, at, source, from, restart: options.restart });
    const field = idKey(change.leadId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const json = await this.redis.hget(this.hash, field);
      const current = parse(json);
      const next = applied(current, change);
      if (!next) return false;
      const written = await this.redis.eval(
        COMPARE_AND_SET,
        1,
        this.hash,
        field,
        json ?? '',
        JSON.stringify(next),
      );
      if (written === 1) return next.ownerId !== current?.ownerId || next.at !== current.at;
    }
    throw new Error(
      `lead ${leadId}: owner history kept changing under ${MAX_ATTEMPTS} attempts to record it`,
    );
  }

  async get(leadId: string): Promise<LeadAssignment | null> {
    return parse(await this.redis.hget(this.hash, idKey(leadId)));
  }

  /**
   * When each lead's current owner got it, for the leads whose recorded owner is still the owner:
   * a record for someone else (a change bullpen has not seen yet) says nothing about the current one.
   */
  async assignedAt(leads: readonly { Id: string; OwnerId: string }[]): Promise<Map<string, Date>> {
    const found = new Map<string, Date>();
    // Reports read every lead at once: bounded HMGETs keep each Redis command small.
    for (let start = 0; start < leads.length; start += READ_CHUNK) {
      const chunk = leads.slice(start, start + READ_CHUNK);
      const values = await this.redis.hmget(this.hash, ...chunk.map((lead) => idKey(lead.Id)));
      chunk.forEach((lead, index) => {
        const at = assignedAtFrom(values[index], lead);
        if (at) found.set(lead.Id, at);
      });
    }
    return found;
  }
}
