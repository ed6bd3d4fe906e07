import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { DoctorCheck } from '../../platform/doctor.ts';
import type { Logger } from '../../platform/http/logger.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { Lead } from '../../platform/salesforce/records.ts';
import { buildSelect } from '../../platform/salesforce/soql.ts';
import { LeadAssignments } from './lead-assignments.ts';
import { accessProblemOf, NO_ACCESS_RETRY_MS, shortMessage } from './sync-access.ts';
import type { RecordChange } from './synced-records.ts';
import { idKey } from '../../platform/salesforce/ids.ts';

/**
 * Where the owner history (lead-assignments.ts) comes from during sync:
 * - an owner change sync sees between the stored and the incoming Lead is recorded at the incoming
 *   record's SystemModstamp. That is the best instant sync knows: the change happened at or before
 *   it, and no later edit can have happened in between or the stamp would be later still; a rep's
 *   clock may start a little late, never early.
 * - on the first run, leads that already changed hands get their last owner change from LeadHistory
 *   (Field 'Owner'), where the org tracks field history on Lead Owner. Without it (INVALID_TYPE, no
 *   access) their clocks start at CreatedDate, which bullpen says once in the log and in doctor.
 */

export interface OwnerHistoryDeps {
  conn: Connection;
  redis: RedisClient;
  keys: Keyspace;
  logger: Logger;
  now?: () => Date;
}

/**
 * Lead Ids per LeadHistory query. A REST query travels in the URL, and a request's URI and headers
 * may not exceed 16,384 bytes: 300 quoted 18-character Ids, URL-encoded, take about 9,000.
 */
export const LEAD_HISTORY_CHUNK = 300;

const historyRowSchema = z.object({
  LeadId: z.string(),
  OldValue: z.string().nullable().optional(),
  NewValue: z.string().nullable().optional(),
  CreatedDate: z.string(),
});

/** The owner-Id row of an owner change (the other row of the pair holds names). */
const OWNER_ID = /^00[5G][a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

const stateSchema = z.object({
  status: z.enum(['readable', 'unreadable']),
  checkedAt: z.string(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  reassignments: z.coerce.number().optional(),
});
export type LeadHistoryState = z.infer<typeof stateSchema>;

const stateKey = (keys: Keyspace): string => keys('sf', 'lead-history');

export async function leadHistoryState(deps: {
  redis: RedisClient;
  keys: Keyspace;
}): Promise<LeadHistoryState | null> {
  const fields = await deps.redis.hgetall(stateKey(deps.keys));
  const parsed = stateSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** Records the owner changes among a page of Lead changes, at each incoming SystemModstamp. */
export async function recordSyncedOwnerChanges(
  assignments: LeadAssignments,
  changes: readonly RecordChange<'Lead'>[],
): Promise<void> {
  for (const { before, after } of changes) {
    if (!before || before.OwnerId === after.OwnerId || after.IsDeleted) continue;
    await assignments.recordAssignment(
      after.Id,
      after.OwnerId,
      new Date(after.SystemModstamp),
      'sync',
      before.OwnerId,
    );
  }
}

async function readHistory(
  conn: Connection,
  leadIds: string[],
): Promise<{ rows: unknown[]; apiCalls: number }> {
  const soql = buildSelect({
    object: 'LeadHistory',
    fields: ['LeadId', 'OldValue', 'NewValue', 'CreatedDate'],
    where: {
      and: [
        { field: 'Field', op: '=', value: 'Owner' },
        { field: 'LeadId', op: 'IN', values: leadIds },
      ],
    },
    orderBy: [{ field: 'CreatedDate', direction: 'ASC' }],
  });
  let response = await conn.query(soql, { autoFetch: false });
  const rows: unknown[] = [...response.records];
  let apiCalls = 1;
  while (!response.done && response.nextRecordsUrl) {
    response = await conn.queryMore(response.nextRecordsUrl);
    rows.push(...response.records);
    apiCalls += 1;
  }
  return { rows, apiCalls };
}

async function markUnreadable(
  deps: OwnerHistoryDeps,
  error: { errorCode: string; message: string },
): Promise<void> {
  const previous = await leadHistoryState(deps);
  await deps.redis.hset(stateKey(deps.keys), {
    status: 'unreadable',
    checkedAt: (deps.now?.() ?? new Date()).toISOString(),
    errorCode: error.errorCode,
    message: shortMessage(error.message),
  });
  if (previous?.status === 'unreadable') return;
  deps.logger.warn(
    { errorCode: error.errorCode },
    `Salesforce LeadHistory is not readable (${shortMessage(error.message)}): SLA clocks of leads reassigned before bullpen's first sync start at CreatedDate. Enable field history tracking on Lead Owner to start them at the reassignment.`,
  );
}

/** Whether an earlier page found LeadHistory unreadable within the hour: do not ask again yet. */
async function recentlyUnreadable(deps: OwnerHistoryDeps): Promise<boolean> {
  const state = await leadHistoryState(deps);
  const now = deps.now?.() ?? new Date();
  return state?.status === 'unreadable' && now.getTime() - Date.parse(state.checkedAt) < NO_ACCESS_RETRY_MS;
}

/**
 * Records the owner-Id rows of LeadHistory (oldest first); returns how many were news. A lead's
 * first change also tells who had it from its creation: its old value, recorded as 'created'.
 */
async function recordHistoryRows(
  assignments: LeadAssignments,
  rows: readonly unknown[],
  createdAt: ReadonlyMap<string, Date>,
): Promise<number> {
  let recorded = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    const parsed = historyRowSchema.safeParse(row);
    if (!parsed.success || !parsed.data.NewValue || !OWNER_ID.test(parsed.data.NewValue)) continue;
    const { LeadId, OldValue, NewValue, CreatedDate } = parsed.data;
    const from = OldValue && OWNER_ID.test(OldValue) ? OldValue : null;
    const created = createdAt.get(idKey(LeadId));
    if (!seen.has(LeadId) && from && created) {
      await assignments.recordAssignment(LeadId, from, created, 'created');
    }
    seen.add(LeadId);
    if (await assignments.recordAssignment(LeadId, NewValue, new Date(CreatedDate), 'history', from)) {
      recorded += 1;
    }
  }
  return recorded;
}

/**
 * The first run's back-fill for one page of leads: their Owner changes from LeadHistory, oldest
 * first, recorded with source 'history' (and the owner before the first one with 'created'). Returns
 * the API calls spent. Converted and deleted leads are
 * left out: they have no clock left to start.
 */
export async function backfillOwnerHistory(deps: OwnerHistoryDeps, leads: readonly Lead[]): Promise<number> {
  const ids = leads.filter((lead) => !lead.IsDeleted && !lead.IsConverted).map((lead) => lead.Id);
  if (ids.length === 0 || (await recentlyUnreadable(deps))) return 0;
  const assignments = new LeadAssignments(deps.redis, deps.keys);
  const createdAt = new Map(leads.map((lead) => [idKey(lead.Id), new Date(lead.CreatedDate)]));
  let apiCalls = 0;
  let recorded = 0;
  for (let start = 0; start < ids.length; start += LEAD_HISTORY_CHUNK) {
    let read: { rows: unknown[]; apiCalls: number };
    try {
      read = await readHistory(deps.conn, ids.slice(start, start + LEAD_HISTORY_CHUNK));
    } catch (error) {
      const problem = accessProblemOf(error);
      if (!problem) throw error;
      const errorCode = problem.kind === 'no-access' ? problem.errorCode : 'INVALID_FIELD';
      await markUnreadable(deps, { errorCode, message: problem.message });
      return apiCalls + 1;
    }
    apiCalls += read.apiCalls;
    recorded += await recordHistoryRows(assignments, read.rows, createdAt);
  }
  const key = stateKey(deps.keys);
  await deps.redis
    .multi()
    .hset(key, { status: 'readable', checkedAt: (deps.now?.() ?? new Date()).toISOString() })
    .hdel(key, 'errorCode', 'message')
    .hincrby(key, 'reassignments', recorded)
    .exec();
  return apiCalls;
}

/**
 * An install whose first run predates owner history has never read LeadHistory: the first Lead page
 * it syncs afterwards back-fills every stored lead once, as a first run would have. The state key
 * (written by the back-fill, readable or not) marks it done.
 */
export async function backfillIfNeverRun(
  deps: OwnerHistoryDeps,
  storedLeads: () => AsyncIterable<Lead[]>,
): Promise<number> {
  if (await leadHistoryState(deps)) return 0;
  let apiCalls = 0;
  for await (const chunk of storedLeads()) apiCalls += await backfillOwnerHistory(deps, chunk);
  // No open lead to look up leaves no state behind; record the run so it is not repeated.
  await deps.redis.hsetnx(stateKey(deps.keys), 'status', 'readable');
  await deps.redis.hsetnx(stateKey(deps.keys), 'checkedAt', (deps.now?.() ?? new Date()).toISOString());
  return apiCalls;
}

/** `bullpen doctor`: where the SLA clocks of leads reassigned before bullpen's first sync start. */
export async function ownerHistoryCheck(deps: {
  redis: RedisClient;
  keys: Keyspace;
}): Promise<DoctorCheck | null> {
  const state = await leadHistoryState(deps);
  if (!state) return null;
  if (state.status === 'readable') {
    return {
      name: 'lead-owner-history',
      status: 'pass',
      required: false,
      detail: `LeadHistory read: ${state.reassignments ?? 0} earlier owner changes back-filled; SLA clocks start at each lead's assignment`,
    };
  }
  return {
    name: 'lead-owner-history',
    status: 'warn',
    required: false,
    detail: `LeadHistory is not readable (${state.errorCode ?? 'error'}: ${state.message ?? ''}): leads reassigned before bullpen's first sync have their SLA clock start at CreatedDate; later reassignments are seen by sync`,
    fix: 'enable field history tracking on Lead Owner (Setup > Object Manager > Lead > Fields & Relationships > Set History Tracking) and give the integration user read access to it',
  };
}
