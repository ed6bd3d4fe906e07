import type {
  CampaignMember,
  Lead,
  SfEvent,
  SfUser,
  Task,
} from '../../../src/platform/salesforce/records.ts';

/** Test records with valid 18-character Ids; override only what a test is about. */

export const sfId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}AAA`;
export const leadId = (n: number): string => sfId('00Q', n);
export const userId = (n: number): string => sfId('005', n);

/** Salesforce's own date-time format, as the sync layer stores it. */
export const sfDateTime = (iso: string): string => new Date(iso).toISOString().replace('Z', '+0000');

export function makeLead(overrides: Partial<Lead> & { Id: string }): Lead {
  return {
    Name: 'Jane Doe',
    Company: 'Acme',
    Email: 'jane@acme.example',
    Status: 'Open - Not Contacted',
    OwnerId: userId(1),
    LeadSource: 'Web',
    Rating: null,
    CreatedDate: sfDateTime('2026-11-23T14:00:00Z'),
    LastActivityDate: null,
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    IsDeleted: false,
    SystemModstamp: sfDateTime('2026-11-23T14:00:00Z'),
    ...overrides,
  };
}

let taskCounter = 0;
export function makeTask(overrides: Partial<Task> & { WhoId: string; CreatedDate: string }): Task {
  taskCounter += 1;
  return {
    Id: sfId('00T', taskCounter),
    WhatId: null,
    OwnerId: userId(1),
    Subject: 'Call',
    TaskSubtype: 'Call',
    Type: null,
    Status: 'Completed',
    ActivityDate: overrides.CreatedDate.slice(0, 10),
    IsDeleted: false,
    SystemModstamp: overrides.CreatedDate,
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<SfEvent> & { WhoId: string; CreatedDate: string }): SfEvent {
  taskCounter += 1;
  return {
    Id: sfId('00U', taskCounter),
    WhatId: null,
    OwnerId: userId(1),
    Subject: 'Meeting',
    StartDateTime: overrides.CreatedDate,
    IsDeleted: false,
    SystemModstamp: overrides.CreatedDate,
    ...overrides,
  };
}

export function makeUser(overrides: Partial<SfUser> & { Id: string }): SfUser {
  return {
    Name: 'Rep',
    Email: null,
    IsActive: true,
    ManagerId: null,
    TimeZoneSidKey: 'America/New_York',
    SystemModstamp: sfDateTime('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function makeCampaignMember(n: number, campaignId: string, lead: string): CampaignMember {
  return {
    Id: sfId('00v', n),
    CampaignId: campaignId,
    LeadId: lead,
    Status: 'Responded',
    CreatedDate: sfDateTime('2026-11-01T00:00:00Z'),
    IsDeleted: false,
    SystemModstamp: sfDateTime('2026-11-01T00:00:00Z'),
  };
}

export const at = (iso: string): Date => new Date(iso);
