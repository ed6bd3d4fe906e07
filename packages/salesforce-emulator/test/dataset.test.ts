import { describe, expect, it } from 'vitest';
import { demoIntegrationUser, demoPeople, demoRepIds } from '@bullpen/demo-company';
import { generateDataset } from '../src/index.ts';

const NOW = Date.parse('2025-06-02T15:00:00.000Z');
const DAY_MS = 86_400_000;

describe('generateDataset', () => {
  it('is deterministic for the same seed and now, and differs for another seed', () => {
    const first = generateDataset({ seed: 7, now: NOW });
    const second = generateDataset({ seed: 7, now: NOW });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const other = generateDataset({ seed: 8, now: NOW });
    expect(JSON.stringify(other.Lead)).not.toBe(JSON.stringify(first.Lead));
  });

  it('seeds the demo company with realistic leads, activity and wins', () => {
    const data = generateDataset({ now: NOW });
    for (const person of demoPeople) {
      expect(data.User).toContainEqual(
        expect.objectContaining({
          Id: person.salesforceId,
          Email: person.email,
          ManagerId: person.managerSalesforceId,
          TimeZoneSidKey: person.timeZone,
          IsActive: true,
        }),
      );
    }
    expect(data.User).toContainEqual(
      expect.objectContaining({
        Id: demoIntegrationUser.salesforceId,
        Username: demoIntegrationUser.username,
      }),
    );
    // That every record satisfies bullpen's record schemas is the app's check:
    // test/shared/sync/emulator-dataset.test.ts.

    expect(data.Lead.length).toBe(300);
    expect(new Set(data.Lead.map((lead) => lead['LeadSource']))).toEqual(
      new Set(['Webinar', 'Trade Show', 'Web', 'Partner Referral', 'Purchased List']),
    );
    const statuses = data.Lead.map((lead) => lead['Status']);
    const share = (status: string) => statuses.filter((value) => value === status).length / statuses.length;
    expect(share('Open - Not Contacted') + share('Working - Contacted')).toBeGreaterThan(0.6);
    expect(share('Closed - Converted')).toBeGreaterThan(0);
    const created = data.Lead.map((lead) => Date.parse(String(lead['CreatedDate']).replace('+0000', 'Z')));
    expect(Math.min(...created)).toBeGreaterThan(NOW - 31 * DAY_MS);
    expect(Math.max(...created)).toBeLessThanOrEqual(NOW);

    const overdue = data.Lead.filter(
      (lead) =>
        lead['Status'] === 'Open - Not Contacted' &&
        lead['LastActivityDate'] === null &&
        Date.parse(String(lead['CreatedDate']).replace('+0000', 'Z')) < NOW - 3 * DAY_MS &&
        demoRepIds.includes(String(lead['OwnerId'])),
    );
    expect(overdue.length).toBeGreaterThanOrEqual(6);

    expect(data.Task.every((task) => task['Status'] === 'Completed')).toBe(true);
    expect(new Set(data.Task.map((task) => task['TaskSubtype']))).toEqual(new Set(['Call', 'Email']));
    const leadIds = new Set(data.Lead.map((lead) => lead['Id']));
    expect(data.Task.every((task) => leadIds.has(task['WhoId']))).toBe(true);
    const wins = data.Opportunity.filter((opportunity) => opportunity['StageName'] === 'Closed Won');
    expect(wins.length).toBeGreaterThanOrEqual(3);
    expect(wins.every((win) => typeof win['Amount'] === 'number' && win['Amount'] > 0)).toBe(true);
    expect(data.Campaign.length).toBe(5);
    expect(data.CampaignMember.length).toBeGreaterThan(100);
    expect(data.LeadStatus.map((status) => status['MasterLabel'])).toEqual([
      'Open - Not Contacted',
      'Working - Contacted',
      'Closed - Converted',
      'Closed - Not Converted',
      'Handed Off',
      'Nurture',
    ]);

    const ids = Object.values(data).flatMap((records) => records.map((record) => String(record['Id'])));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-zA-Z0-9]{18}$/.test(id))).toBe(true);
  });

  // How long the build takes is `npm run bench -- emulator-dataset`'s figure, not this test's.
  it('scales: 100k leads with 3 tasks each and 1,000 reps', () => {
    const data = generateDataset({ leads: 100_000, tasksPerLead: 3, reps: 1_000, now: NOW });
    expect(data.Lead).toHaveLength(100_000);
    expect(data.Task.length).toBeGreaterThan(290_000);
    expect(data.Task.length).toBeLessThan(310_000);
    const owners = new Set(data.Lead.map((lead) => lead['OwnerId']));
    expect(owners.size).toBeGreaterThan(900);
  });
});
