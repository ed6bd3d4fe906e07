import type { Connection } from 'jsforce';
import type { z } from 'zod';
import {
  campaignMemberSchema,
  eventSchema,
  fieldsOf,
  leadSchema,
  opportunitySchema,
  taskSchema,
  type SyncedObjectName,
} from '../../../platform/salesforce/records.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { buildSelect, type Condition } from '../../../platform/salesforce/soql.ts';
import { scoringEnd, type Contest } from '../domain/model.ts';
import type { ScoringLead, ScoringRecords } from '../domain/scoring-types.ts';

/**
 * Reads what a contest's final (or on-demand) recount needs straight from Salesforce, never from
 * bullpen's synced copy: the recount is what catches a sync that missed or double-counted
 * something. Queries go through `buildSelect` (allow-listed fields, escaped literals) and are
 * narrowed to the participants' Salesforce users and the contest window.
 */

const ID_CHUNK = 200;
const LEAD_PREFIX = '00Q';
const SECOND_MS = 1000;

export interface RecountQueries {
  soql: string[];
}

async function queryAll<S extends z.ZodType>(
  conn: Connection,
  object: SyncedObjectName,
  schema: S,
  where: Condition,
  log: RecountQueries,
): Promise<z.infer<S>[]> {
  const soql = buildSelect({ object, fields: fieldsOf(object), where });
  log.soql.push(soql);
  const rows: z.infer<S>[] = [];
  let response = await conn.query<Record<string, unknown>>(soql, { autoFetch: false });
  for (;;) {
    for (const record of response.records) {
      const parsed = schema.safeParse(record);
      if (parsed.success) rows.push(parsed.data);
    }
    if (response.done || !response.nextRecordsUrl) break;
    response = await conn.queryMore<Record<string, unknown>>(response.nextRecordsUrl);
  }
  return rows;
}

async function inChunks<S extends z.ZodType>(
  conn: Connection,
  object: SyncedObjectName,
  schema: S,
  field: string,
  ids: readonly string[],
  log: RecountQueries,
  extra?: Condition,
): Promise<z.infer<S>[]> {
  const rows: z.infer<S>[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const values = unique.slice(i, i + ID_CHUNK);
    const inList: Condition = { field, op: 'IN', values };
    rows.push(...(await queryAll(conn, object, schema, extra ? { and: [inList, extra] } : inList, log)));
  }
  return rows;
}

const leadIdsOf = (whoIds: readonly (string | null)[]): string[] =>
  whoIds.filter((id): id is string => id !== null && id.startsWith(LEAD_PREFIX));

/** One query shape: records of an object whose `field` is in `ids`, optionally narrowed further. */
type Reader = <S extends z.ZodType>(
  object: SyncedObjectName,
  schema: S,
  field: string,
  ids: readonly string[],
  extra?: Condition,
) => Promise<z.infer<S>[]>;

/** What a metric's loader found: the records it fills in, and the leads they are about. */
interface MetricLoad {
  contest: Contest;
  ownerIds: readonly string[];
  records: ScoringRecords;
  read: Reader;
  /** created in the contest window (up to the cutoff's second, rounded up) */
  inWindow(field: string): Condition;
}

interface Found {
  leadIds: string[];
  leads: ScoringLead[];
}

async function loadTouches(load: MetricLoad): Promise<Found> {
  const { contest, ownerIds, records, read } = load;
  const tasks = await read('Task', taskSchema, 'OwnerId', ownerIds, load.inWindow('CreatedDate'));
  const leadIds = leadIdsOf(tasks.map((task) => task.WhoId));
  // First touches need every earlier touch on those leads, by anyone.
  records.tasks =
    contest.metric === 'first_touch_sla' ? await read('Task', taskSchema, 'WhoId', leadIds) : tasks;
  return { leadIds, leads: [] };
}

async function loadMeetings(load: MetricLoad): Promise<Found> {
  const events = await load.read(
    'Event',
    eventSchema,
    'OwnerId',
    load.ownerIds,
    load.inWindow('CreatedDate'),
  );
  load.records.events = events;
  return { leadIds: leadIdsOf(events.map((event) => event.WhoId)), leads: [] };
}

async function loadSlaHitRate(load: MetricLoad): Promise<Found> {
  // A lead reassigned in the window counts from its reassignment, and a reassignment modifies it.
  const assignedInWindow: Condition = {
    or: [
      load.inWindow('CreatedDate'),
      { field: 'SystemModstamp', op: '>=', value: load.contest.window.start },
    ],
  };
  const leads = await load.read('Lead', leadSchema, 'OwnerId', load.ownerIds, assignedInWindow);
  const leadIds = leads.map((lead) => lead.Id);
  load.records.tasks = await load.read('Task', taskSchema, 'WhoId', leadIds);
  return { leadIds, leads };
}

async function loadConversions(load: MetricLoad): Promise<Found> {
  const leads = await load.read('Lead', leadSchema, 'OwnerId', load.ownerIds, {
    and: [
      { field: 'IsConverted', op: '=', value: true },
      { field: 'SystemModstamp', op: '>=', value: load.contest.window.start },
    ],
  });
  return { leadIds: leads.map((lead) => lead.Id), leads };
}

async function loadOpportunitiesWon(load: MetricLoad): Promise<Found> {
  const { contest, read } = load;
  const opportunities = await read('Opportunity', opportunitySchema, 'OwnerId', load.ownerIds, {
    and: [
      { field: 'IsWon', op: '=', value: true },
      { field: 'SystemModstamp', op: '>=', value: contest.window.start },
    ],
  });
  load.records.opportunities = opportunities;
  if (contest.scope.kind === 'all') return { leadIds: [], leads: [] };
  const opportunityIds = opportunities.map((opportunity) => opportunity.Id);
  const leads = await read('Lead', leadSchema, 'ConvertedOpportunityId', opportunityIds);
  return { leadIds: leads.map((lead) => lead.Id), leads };
}

/**
 * The relay metrics score the relay's own hand-off records (read from bullpen, the caller passes
 * them in); Salesforce gives the leads as they are now, for the contest's scope.
 */
async function loadHandoffLeads(load: MetricLoad): Promise<Found> {
  const { records } = load;
  if (load.contest.metric === 'leads_qualified') {
    // A qualification scores on its "Qualified" Task: one deleted in Salesforce takes the point back.
    const taskIds = (records.handoffs ?? []).map((handoff) => handoff.taskId);
    const live = new Set(
      (await load.read('Task', taskSchema, 'Id', taskIds)).filter((t) => !t.IsDeleted).map((t) => t.Id),
    );
    records.handoffs = (records.handoffs ?? []).filter((handoff) => live.has(handoff.taskId));
  }
  return { leadIds: leadIdsOf((records.handoffs ?? []).map((handoff) => handoff.leadId)), leads: [] };
}

const METRIC_LOADERS: Record<Contest['metric'], (load: MetricLoad) => Promise<Found>> = {
  followups: loadTouches,
  calls: loadTouches,
  first_touch_sla: loadTouches,
  meetings: loadMeetings,
  sla_hit_rate: loadSlaHitRate,
  conversions: loadConversions,
  opportunities_won: loadOpportunitiesWon,
  leads_qualified: loadHandoffLeads,
  handoffs_accepted: loadHandoffLeads,
  time_to_accept: loadHandoffLeads,
};

/** Every record the scorer needs to rebuild this contest's ledger, as Salesforce has it now. */
export async function loadRecordsFromSalesforce(
  conn: Connection,
  contest: Contest,
  ownerIds: readonly string[],
  now: Date,
  log: RecountQueries = { soql: [] },
  handoffs: readonly Handoff[] = [],
): Promise<ScoringRecords> {
  const records: ScoringRecords = {
    leads: [],
    tasks: [],
    events: [],
    opportunities: [],
    campaignMembers: [],
    handoffs,
  };
  if (ownerIds.length === 0) return records;
  const end = scoringEnd(contest);
  const cutoff = now < end ? now : end;
  // SOQL datetime literals have no milliseconds: written as is, a cut-off at 12:00:05.700 becomes
  // "< 12:00:05Z" and drops every call of that second, so a `/contest end` right after the last
  // calls recounted them to 0. The query rounds up to the next second; the scorer (windowOf)
  // applies the exact cut-off. The start rounds down, which includes its whole second: also wider.
  const queryCutoff = new Date(Math.ceil(cutoff.getTime() / SECOND_MS) * SECOND_MS);
  const read: Reader = (object, schema, field, ids, extra) =>
    inChunks(conn, object, schema, field, ids, log, extra);
  const inWindow = (field: string): Condition => ({
    and: [
      { field, op: '>=', value: contest.window.start },
      { field, op: '<', value: queryCutoff },
    ],
  });
  const found = await METRIC_LOADERS[contest.metric]({ contest, ownerIds, records, read, inWindow });
  const { leadIds } = found;
  records.leads =
    found.leads.length === 0 && leadIds.length > 0
      ? await read('Lead', leadSchema, 'Id', leadIds)
      : found.leads;
  if (contest.scope.kind === 'campaign' && leadIds.length > 0) {
    records.campaignMembers = await read('CampaignMember', campaignMemberSchema, 'LeadId', leadIds, {
      field: 'CampaignId',
      op: '=',
      value: contest.scope.campaignId,
    });
  }
  return records;
}
