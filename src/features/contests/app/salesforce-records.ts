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
import { buildSelect, type Condition } from '../../../platform/salesforce/soql.ts';
import { scoringEnd, type Contest } from '../domain/model.ts';
import type { ScoringLead, ScoringRecords } from '../domain/scoring.ts';

/**
 * Reads what a contest's final (or on-demand) recount needs straight from Salesforce, never from
 * bullpen's synced copy: the recount is what catches a sync that missed or double-counted
 * something. Queries go through `buildSelect` (allow-listed fields, escaped literals) and are
 * narrowed to the participants' Salesforce users and the contest window.
 */

const ID_CHUNK = 200;
const LEAD_PREFIX = '00Q';

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

/** Every record the scorer needs to rebuild this contest's ledger, as Salesforce has it now. */
export async function loadRecordsFromSalesforce(
  conn: Connection,
  contest: Contest,
  ownerIds: readonly string[],
  now: Date,
  log: RecountQueries = { soql: [] },
): Promise<ScoringRecords> {
  const records: ScoringRecords = {
    leads: [],
    tasks: [],
    events: [],
    opportunities: [],
    campaignMembers: [],
  };
  if (ownerIds.length === 0) return records;
  const end = scoringEnd(contest);
  const cutoff = now < end ? now : end;
  const inWindow = (field: string): Condition => ({
    and: [
      { field, op: '>=', value: contest.window.start },
      { field, op: '<', value: cutoff },
    ],
  });
  let leadIds: string[] = [];
  let leads: ScoringLead[] = [];
  switch (contest.metric) {
    case 'followups':
    case 'calls':
    case 'first_touch_sla': {
      const tasks = await inChunks(
        conn,
        'Task',
        taskSchema,
        'OwnerId',
        ownerIds,
        log,
        inWindow('CreatedDate'),
      );
      leadIds = leadIdsOf(tasks.map((task) => task.WhoId));
      // First touches need every earlier touch on those leads, by anyone.
      records.tasks =
        contest.metric === 'first_touch_sla'
          ? await inChunks(conn, 'Task', taskSchema, 'WhoId', leadIds, log)
          : tasks;
      break;
    }
    case 'meetings': {
      records.events = await inChunks(
        conn,
        'Event',
        eventSchema,
        'OwnerId',
        ownerIds,
        log,
        inWindow('CreatedDate'),
      );
      leadIds = leadIdsOf(records.events.map((event) => event.WhoId));
      break;
    }
    case 'sla_hit_rate': {
      leads = await inChunks(conn, 'Lead', leadSchema, 'OwnerId', ownerIds, log, inWindow('CreatedDate'));
      leadIds = leads.map((lead) => lead.Id);
      records.tasks = await inChunks(conn, 'Task', taskSchema, 'WhoId', leadIds, log);
      break;
    }
    case 'conversions': {
      leads = await inChunks(conn, 'Lead', leadSchema, 'OwnerId', ownerIds, log, {
        and: [
          { field: 'IsConverted', op: '=', value: true },
          { field: 'SystemModstamp', op: '>=', value: contest.window.start },
        ],
      });
      leadIds = leads.map((lead) => lead.Id);
      break;
    }
    case 'opportunities_won': {
      records.opportunities = await inChunks(
        conn,
        'Opportunity',
        opportunitySchema,
        'OwnerId',
        ownerIds,
        log,
        {
          and: [
            { field: 'IsWon', op: '=', value: true },
            { field: 'SystemModstamp', op: '>=', value: contest.window.start },
          ],
        },
      );
      if (contest.scope.kind !== 'all') {
        const opportunityIds = records.opportunities.map((opportunity) => opportunity.Id);
        leads = await inChunks(conn, 'Lead', leadSchema, 'ConvertedOpportunityId', opportunityIds, log);
        leadIds = leads.map((lead) => lead.Id);
      }
      break;
    }
  }
  if (leads.length === 0 && leadIds.length > 0) {
    leads = await inChunks(conn, 'Lead', leadSchema, 'Id', leadIds, log);
  }
  records.leads = leads;
  if (contest.scope.kind === 'campaign' && leadIds.length > 0) {
    records.campaignMembers = await inChunks(
      conn,
      'CampaignMember',
      campaignMemberSchema,
      'LeadId',
      leadIds,
      log,
      { field: 'CampaignId', op: '=', value: contest.scope.campaignId },
    );
  }
  return records;
}
