import { demoIntegrationUser, demoPeople, demoRepIds } from '@bullpen/demo-company';
import { generatePeople } from './dataset-people.ts';
import { generateQueues } from './dataset-queues.ts';
import type { LeadSourceName } from './dataset-words.ts';
import {
  callSubjects,
  campaignsBySource,
  companyForms,
  companyStems,
  companySuffixes,
  emailSubjects,
  firstNames,
  industries,
  jobTitles,
  lastNames,
  leadSourceWeights,
  leadSources,
  openStages,
} from './dataset-words.ts';
import { IdFactory, keyPrefixes } from './ids.ts';
import { ownerHistoryRows } from './lead-history.ts';
import { Random } from './random.ts';
import type { ObjectName, SfRecord } from './schema.ts';
import { DAY_MS, formatDate, formatDateTime } from './time.ts';

/**
 * Deterministic org data: the same options (seed and `now` included) always give the same records.
 * Everything is relative to `now` so a demo always shows fresh leads, a few overdue ones and
 * recent wins.
 */

export interface DatasetOptions {
  seed?: number;
  /** The moment the data is generated relative to; defaults to the current time. */
  now?: Date | number | string;
  leads?: number;
  /** Average Tasks per Lead, all of them on leads that have been contacted. */
  tasksPerLead?: number;
  /** Total reps owning leads; beyond the demo company's five, extra reps (and managers) are made up. */
  reps?: number;
  /** How far back CreatedDate spreads. */
  days?: number;
  /** Leads forced to be clearly overdue: open, untouched, created days ago, owned by demo reps. */
  overdueLeads?: number;
  /** Opportunities beyond those created by converted leads. */
  extraOpportunities?: number;
  /** New web leads waiting, unclaimed, in the demo "Inbound Web" queue, on top of `leads` (default 0; the emulator's 'demo' seed has 3). */
  queuedLeads?: number;
}

export type Dataset = Record<ObjectName, SfRecord[]>;

const HOUR_MS = 3_600_000;

type LeadStatusName =
  'Open - Not Contacted' | 'Working - Contacted' | 'Closed - Converted' | 'Closed - Not Converted';

const statusWeightsByAge = (ageDays: number): Record<LeadStatusName, number> => {
  if (ageDays < 1)
    return {
      'Open - Not Contacted': 80,
      'Working - Contacted': 20,
      'Closed - Converted': 0,
      'Closed - Not Converted': 0,
    };
  if (ageDays < 3)
    return {
      'Open - Not Contacted': 45,
      'Working - Contacted': 45,
      'Closed - Converted': 5,
      'Closed - Not Converted': 5,
    };
  return {
    'Open - Not Contacted': 6,
    'Working - Contacted': 60,
    'Closed - Converted': 16,
    'Closed - Not Converted': 18,
  };
};

const resolveNow = (now: DatasetOptions['now']): number => {
  if (now === undefined) return Date.now();
  return now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
};

const audit = (createdMs: number, modifiedMs: number, userId: string): SfRecord => {
  // One string per distinct instant, shared between fields: fewer allocations at 100k+ records.
  const created = formatDateTime(createdMs);
  const modified = modifiedMs === createdMs ? created : formatDateTime(modifiedMs);
  return {
    IsDeleted: false,
    CreatedDate: created,
    CreatedById: userId,
    LastModifiedDate: modified,
    LastModifiedById: userId,
    SystemModstamp: modified,
  };
};

/**
 * Salesforce's four default Lead statuses, then the two bullpen's README tells an admin to add for
 * the SDR → AE relay (a lead handed to an AE, and one an AE returned to marketing).
 */
const LEAD_STATUS_LABELS = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
  'Handed Off',
  'Nurture',
] as const;

const leadStatuses = (ids: IdFactory, stamp: string, userId: string): SfRecord[] =>
  LEAD_STATUS_LABELS.map((label, index) => ({
    Id: ids.next(keyPrefixes.LeadStatus),
    MasterLabel: label,
    ApiName: label,
    IsConverted: label === 'Closed - Converted',
    IsDefault: index === 0,
    SortOrder: index + 1,
    CreatedDate: stamp,
    CreatedById: userId,
    LastModifiedDate: stamp,
    LastModifiedById: userId,
    SystemModstamp: stamp,
  }));

export const generateDataset = (options: DatasetOptions = {}): Dataset => {
  const random = new Random(options.seed ?? 20_240_601);
  const nowMs = resolveNow(options.now);
  const days = options.days ?? 30;
  const leadCount = options.leads ?? 300;
  const tasksPerLead = options.tasksPerLead ?? 1.5;
  const overdueCount = Math.min(options.overdueLeads ?? 6, leadCount);
  const ids = new IdFactory();
  const integrationId = demoIntegrationUser.salesforceId;
  const setupStamp = formatDateTime(nowMs - (days + 60) * DAY_MS);

  const people = generatePeople(ids, random, options.reps ?? demoRepIds.length, setupStamp);
  const dataset: Dataset = {
    User: people.users,
    LeadStatus: leadStatuses(ids, setupStamp, integrationId),
    Campaign: [],
    FeedItem: [],
    Lead: [],
    Opportunity: [],
    Task: [],
    Event: [],
    CampaignMember: [],
    LeadHistory: [],
    Group: [],
    GroupMember: [],
    QueueSobject: [],
  };
  // A stream of its own, so adding owner history left every other generated record as it was.
  const historyRandom = new Random((options.seed ?? 20_240_601) + 1);
  const nameOf = (id: string): string => String(people.users.find((u) => u['Id'] === id)?.['Name'] ?? id);

  const marketingOwnerId =
    demoPeople.find((person) => person.role === 'marketing')?.salesforceId ?? integrationId;
  const campaignIds = new Map<LeadSourceName, string>();
  for (const source of leadSources) {
    const id = ids.next(keyPrefixes.Campaign);
    campaignIds.set(source, id);
    const startMs = nowMs - (days + 5) * DAY_MS;
    dataset.Campaign.push({
      Id: id,
      Name: campaignsBySource[source].name,
      Type: campaignsBySource[source].type,
      Status: 'In Progress',
      IsActive: true,
      StartDate: formatDate(startMs),
      EndDate: formatDate(nowMs + 30 * DAY_MS),
      OwnerId: marketingOwnerId,
      ...audit(startMs, startMs, integrationId),
    });
  }

  // First pass: when each lead arrived and where it stands, so task volume can be spread evenly.
  const plans = Array.from({ length: leadCount }, (_, index) => {
    const overdue = index < overdueCount;
    const createdMs = overdue
      ? nowMs - random.int(3, 9) * DAY_MS - random.int(0, 8) * HOUR_MS
      : nowMs - Math.floor(random.next() * days * DAY_MS);
    const status: LeadStatusName = overdue
      ? 'Open - Not Contacted'
      : random.weighted(statusWeightsByAge((nowMs - createdMs) / DAY_MS));
    return { createdMs, status, overdue };
  });
  const touched = plans.filter((plan) => plan.status !== 'Open - Not Contacted').length;
  const tasksPerTouchedLead = touched === 0 ? 0 : (tasksPerLead * leadCount) / touched;

  for (const plan of plans) {
    const firstName = random.pick(firstNames);
    const lastName = random.pick(lastNames);
    const company = [random.pick(companyStems), random.pick(companySuffixes), random.pick(companyForms)]
      .filter((part) => part !== '')
      .join(' ');
    const domain = company
      .split(' ')
      .slice(0, 2)
      .join('')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const source: LeadSourceName = plan.overdue
      ? random.pick(['Trade Show', 'Webinar'] as const)
      : random.weighted(leadSourceWeights);
    const ownerId = plan.overdue ? random.pick(demoRepIds) : random.pick(people.repIds);
    const leadId = ids.next(keyPrefixes.Lead);
    let lastTouchMs = plan.createdMs;
    let firstTouchMs: number | null = null;

    if (plan.status !== 'Open - Not Contacted') {
      const whole = Math.floor(tasksPerTouchedLead);
      const taskCount = Math.max(1, whole + (random.chance(tasksPerTouchedLead - whole) ? 1 : 0));
      let touchMs = plan.createdMs + random.int(10, 36 * 60) * 60_000;
      for (let taskIndex = 0; taskIndex < taskCount; taskIndex += 1) {
        touchMs = Math.min(touchMs, nowMs - random.int(1, 60) * 60_000);
        const isCall = random.chance(0.6);
        dataset.Task.push({
          Id: ids.next(keyPrefixes.Task),
          WhoId: leadId,
          WhatId: null,
          OwnerId: ownerId,
          Subject: isCall ? random.pick(callSubjects) : random.pick(emailSubjects),
          TaskSubtype: isCall ? 'Call' : 'Email',
          Type: isCall ? 'Call' : 'Email',
          Status: 'Completed',
          Priority: 'Normal',
          ActivityDate: formatDate(touchMs),
          IsClosed: true,
          CallDurationInSeconds: isCall ? random.int(30, 1_500) : null,
          ...audit(touchMs, touchMs, ownerId),
        });
        lastTouchMs = Math.max(lastTouchMs, touchMs);
        firstTouchMs ??= touchMs;
        touchMs += random.int(4, 72) * HOUR_MS;
      }
    }

    let convertedOpportunityId: string | null = null;
    if (plan.status === 'Closed - Converted') {
      convertedOpportunityId = ids.next(keyPrefixes.Opportunity);
      dataset.Opportunity.push(
        opportunity(
          random,
          convertedOpportunityId,
          `${company} - New Business`,
          ownerId,
          lastTouchMs,
          nowMs,
          source,
        ),
      );
    }

    if (plan.status === 'Working - Contacted' && random.chance(0.12)) {
      const startMs = lastTouchMs + random.int(1, 7 * 24) * HOUR_MS;
      const eventCreatedMs = Math.min(lastTouchMs, nowMs);
      dataset.Event.push({
        Id: ids.next(keyPrefixes.Event),
        WhoId: leadId,
        WhatId: null,
        OwnerId: ownerId,
        Subject: 'Discovery meeting',
        EventSubtype: 'Event',
        Type: 'Meeting',
        StartDateTime: formatDateTime(startMs),
        EndDateTime: formatDateTime(startMs + 30 * 60_000),
        DurationInMinutes: 30,
        ActivityDate: formatDate(startMs),
        ...audit(eventCreatedMs, eventCreatedMs, ownerId),
      });
      if (startMs <= nowMs) lastTouchMs = Math.max(lastTouchMs, startMs);
    }

    const campaignId = campaignIds.get(source);
    if (campaignId !== undefined && random.chance(0.75)) {
      const responded = source !== 'Purchased List';
      dataset.CampaignMember.push({
        Id: ids.next(keyPrefixes.CampaignMember),
        CampaignId: campaignId,
        LeadId: leadId,
        Status: responded ? 'Responded' : 'Sent',
        HasResponded: responded,
        ...audit(plan.createdMs, plan.createdMs, integrationId),
      });
    }

    // Some worked leads were reassigned (e.g. by territory) before their new owner's first touch.
    const previousOwners = people.repIds.filter((id) => id !== ownerId);
    if (firstTouchMs !== null && previousOwners.length > 0 && historyRandom.chance(0.15)) {
      const reassignedMs = plan.createdMs + Math.floor((firstTouchMs - plan.createdMs) / 2);
      const change = {
        leadId,
        fromOwnerId: historyRandom.pick(previousOwners),
        toOwnerId: ownerId,
        byUserId: integrationId,
        stamp: formatDateTime(reassignedMs),
      };
      dataset.LeadHistory.push(...ownerHistoryRows(ids, change, nameOf));
    }

    const touchedLead = plan.status !== 'Open - Not Contacted';
    dataset.Lead.push({
      Id: leadId,
      FirstName: firstName,
      LastName: lastName,
      Name: `${firstName} ${lastName}`,
      Company: company,
      Title: random.pick(jobTitles),
      Email: `${firstName}.${lastName}@${domain}.example`.toLowerCase(),
      Phone: `+1-555-${String(random.int(100, 999))}-${String(random.int(1000, 9999))}`,
      Status: plan.status,
      OwnerId: ownerId,
      LeadSource: source,
      Rating: plan.overdue ? 'Hot' : random.weighted({ Hot: 15, Warm: 40, Cold: 30, '': 15 }) || null,
      Industry: random.pick(industries),
      LastActivityDate: touchedLead ? formatDate(lastTouchMs) : null,
      IsConverted: plan.status === 'Closed - Converted',
      ConvertedDate: convertedOpportunityId === null ? null : formatDate(lastTouchMs),
      ConvertedOpportunityId: convertedOpportunityId,
      ...audit(plan.createdMs, lastTouchMs, integrationId),
    });
  }

  const extraOpportunities = options.extraOpportunities ?? 6;
  for (let index = 0; index < extraOpportunities; index += 1) {
    const ownerId = demoRepIds[index % demoRepIds.length] ?? integrationId;
    const closedMs = nowMs - random.int(1, 6) * DAY_MS;
    const id = ids.next(keyPrefixes.Opportunity);
    const record = opportunity(
      random,
      id,
      `${random.pick(companyStems)} Expansion`,
      ownerId,
      closedMs,
      nowMs,
      'Web',
    );
    // The first few are recent, sizeable wins so recognition has something to celebrate.
    dataset.Opportunity.push(
      index < 3
        ? {
            ...record,
            StageName: 'Closed Won',
            IsWon: true,
            IsClosed: true,
            Amount: random.int(25, 250) * 1_000,
            CloseDate: formatDate(closedMs),
          }
        : record,
    );
  }
  // Last, so the records above stay exactly what they were before queues existed.
  const queues = generateQueues(ids, random, {
    nowMs,
    setupMs: nowMs - (days + 60) * DAY_MS,
    queuedLeads: options.queuedLeads ?? 0,
  });
  dataset.Group = queues.Group;
  dataset.GroupMember = queues.GroupMember;
  dataset.QueueSobject = queues.QueueSobject;
  dataset.Lead.push(...queues.Lead);
  return dataset;
};

const opportunity = (
  random: Random,
  id: string,
  name: string,
  ownerId: string,
  createdMs: number,
  nowMs: number,
  source: string,
): SfRecord => {
  const roll = random.next();
  const stage = roll < 0.4 ? 'Closed Won' : roll < 0.6 ? 'Closed Lost' : random.pick(openStages);
  const closed = stage === 'Closed Won' || stage === 'Closed Lost';
  const closeMs = closed
    ? Math.min(nowMs, createdMs + random.int(1, 10) * DAY_MS)
    : nowMs + random.int(7, 60) * DAY_MS;
  return {
    Id: id,
    Name: name,
    OwnerId: ownerId,
    StageName: stage,
    IsWon: stage === 'Closed Won',
    IsClosed: closed,
    Amount: random.int(5, 120) * 1_000,
    CloseDate: formatDate(closeMs),
    LeadSource: source,
    CampaignId: null,
    ...audit(createdMs, closed ? closeMs : createdMs, ownerId),
  };
};
