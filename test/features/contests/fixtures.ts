import {
  contestSchema,
  type Contest,
  type ContestInput,
} from '../../../src/features/contests/domain/model.ts';
import type { CampaignMember, Opportunity, SfEvent } from '../../../src/platform/salesforce/records.ts';
import type { ScoringLead, ScoringTask } from '../../../src/features/contests/domain/scoring-types.ts';

/** 18-character Salesforce id with a key prefix (00Q lead, 00T task, 005 user, …). */
export const sfId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}AAA`;

export const ANA = 'U0ANA0001';
export const BEN = 'U0BEN0002';
export const CARL = 'U0CARL003';
export const SF_ANA = sfId('005', 1);
export const SF_BEN = sfId('005', 2);
export const SF_CARL = sfId('005', 3);
const slackBySalesforce = new Map([
  [SF_ANA, ANA],
  [SF_BEN, BEN],
  [SF_CARL, CARL],
]);
export const slackUserFor = (ownerId: string): string | null => slackBySalesforce.get(ownerId) ?? null;

export function makeContest(overrides: Partial<ContestInput> = {}): Contest {
  return contestSchema.parse({
    id: 'ctest01',
    name: 'Webinar blitz',
    metric: 'followups',
    // 09:00 Monday 2 March 2026 in New York (UTC-5, before DST) for three days.
    window: { start: '2026-03-02T14:00:00Z', end: '2026-03-05T14:00:00Z' },
    timeZone: 'America/New_York',
    channelId: 'C0SALES01',
    participants: { kind: 'users', userIds: [ANA, BEN] },
    scope: { kind: 'sources', sources: ['Webinar'] },
    createdBy: 'U0BOSS001',
    createdAt: '2026-03-01T12:00:00Z',
    status: 'running',
    startedAt: '2026-03-02T14:00:00Z',
    ...overrides,
  } satisfies ContestInput);
}

export function makeLead(n: number, fields: Partial<ScoringLead> = {}): ScoringLead {
  return {
    Id: sfId('00Q', n),
    Name: `Lead ${n}`,
    Company: 'Acme',
    Email: null,
    Status: 'Open - Not Contacted',
    OwnerId: SF_ANA,
    LeadSource: 'Webinar',
    Rating: null,
    CreatedDate: '2026-03-02T14:30:00.000+0000',
    LastActivityDate: null,
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    IsDeleted: false,
    SystemModstamp: '2026-03-02T14:30:00.000+0000',
    ...fields,
  };
}

export function makeTask(n: number, fields: Partial<ScoringTask> = {}): ScoringTask {
  return {
    Id: sfId('00T', n),
    WhoId: sfId('00Q', 1),
    WhatId: null,
    OwnerId: SF_ANA,
    Subject: 'Call',
    TaskSubtype: 'Call',
    Type: null,
    Status: 'Completed',
    ActivityDate: null,
    CreatedDate: '2026-03-02T15:00:00.000+0000',
    IsDeleted: false,
    SystemModstamp: '2026-03-02T15:00:00.000+0000',
    ...fields,
  };
}

export function makeEvent(n: number, fields: Partial<SfEvent> = {}): SfEvent {
  return {
    Id: sfId('00U', n),
    WhoId: sfId('00Q', 1),
    WhatId: null,
    OwnerId: SF_ANA,
    Subject: 'Meeting',
    StartDateTime: '2026-03-04T15:00:00.000+0000',
    CreatedDate: '2026-03-03T15:00:00.000+0000',
    IsDeleted: false,
    SystemModstamp: '2026-03-03T15:00:00.000+0000',
    ...fields,
  };
}

export function makeOpportunity(n: number, fields: Partial<Opportunity> = {}): Opportunity {
  return {
    Id: sfId('006', n),
    Name: `Deal ${n}`,
    OwnerId: SF_ANA,
    CreatedDate: '2026-02-01T15:00:00.000+0000',
    StageName: 'Closed Won',
    IsWon: true,
    IsClosed: true,
    Amount: 1000,
    CloseDate: '2026-03-04',
    IsDeleted: false,
    SystemModstamp: '2026-03-04T18:00:00.000+0000',
    ...fields,
  };
}

export function makeCampaignMember(n: number, leadN: number, campaignId: string): CampaignMember {
  return {
    Id: sfId('00v', n),
    CampaignId: campaignId,
    LeadId: sfId('00Q', leadN),
    Status: 'Responded',
    CreatedDate: '2026-02-20T10:00:00.000+0000',
    IsDeleted: false,
    SystemModstamp: '2026-02-20T10:00:00.000+0000',
  };
}
