import { describe, it } from 'vitest';
import { generateDataset } from '@bullpen/salesforce-emulator';
import {
  campaignMemberSchema,
  eventSchema,
  leadSchema,
  leadStatusRecordSchema,
  opportunitySchema,
  taskSchema,
  userSchema,
} from '../../../src/platform/salesforce/records.ts';

const NOW = Date.parse('2025-06-02T15:00:00.000Z');

// The emulator's package tests its own data; whether bullpen can read that data is bullpen's question.
describe("the emulator's demo dataset", () => {
  it('satisfies the record schemas bullpen parses Salesforce data with', () => {
    const data = generateDataset({ now: NOW });
    // Every record satisfies the contract bullpen parses Salesforce data with.
    for (const lead of data.Lead) leadSchema.parse(lead);
    for (const task of data.Task) taskSchema.parse(task);
    for (const event of data.Event) eventSchema.parse(event);
    for (const opportunity of data.Opportunity) opportunitySchema.parse(opportunity);
    for (const user of data.User) userSchema.parse(user);
    for (const member of data.CampaignMember) campaignMemberSchema.parse(member);
    for (const status of data.LeadStatus) leadStatusRecordSchema.parse(status);
  });
});
