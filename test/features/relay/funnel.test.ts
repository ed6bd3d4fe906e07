import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildWeeklyDigest } from '../../../src/features/nudges/app/weekly-digest.ts';
import { RelayStore } from '../../../src/features/relay/store.ts';
import { FUNNEL_REFUSAL } from '../../../src/features/relay/app/funnel.ts';
import { drillBlockId } from '../../../src/features/relay/slack/funnel-blocks.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from '../nudges/fixtures.ts';
import { person, startWithLeads } from '../nudges/local-setup.ts';
import { AE, ANSWERS, dmsTo, MARKETING, modalOf, openQualify, OTHER_AE, RETURN_VIEW, SDR } from './setup.ts';

/*
 * Marketing's funnel on a hand-checked org, through the simulator against the emulator and real
 * Redis. The calendar runs round the clock, so business hours are wall-clock hours; first-touch
 * SLAs are the defaults: Web 4 h, Webinar 24 h. Times are hours before ANCHOR, the start of this
 * UTC week, so `/funnel last week` and the weekly digest (time zone UTC) report the same week.
 *
 * Last week (the period):
 *   Ava  Web,     Spring Webinar              call +1 h (in SLA)     qualified, returned: No budget
 *   Ben  Web,     Spring Webinar              call +10 h (late)      qualified, accepted
 *   Cal  Webinar, Trade Expo                  call +10 h (in SLA)    disqualified: Bad data
 *   Dee  Webinar, Trade Expo + Spring Webinar no touch               converted
 *   Eve  Web,     no campaign                 no touch
 * The week before:
 *   Finn Web,     Spring Webinar              call +1 h (in SLA)     disqualified: Duplicate
 *   Gus  Webinar, Trade Expo                  no touch
 * Older (in neither): Hal, Web, 400 h before.
 *
 * All leads:  in 5 (2 before: +3), worked 2 (Ava, Cal; before Finn: +1), qualified 2 (+2),
 *   accepted 1 (+1), returned 1 (+1) No budget 1 (+1), disqualified 1 (Finn before: ±0) Bad data 1
 *   (+1), converted 1 (+1).
 * Web: in 3 (Finn: +2), worked 1 (Ava; Finn: ±0), qualified 2 (+2), accepted 1 (+1), returned 1
 *   (+1), disqualified 0 (Finn: −1), converted 0 (±0).
 * Webinar: in 2 (Gus: +1), worked 1 (+1), qualified 0, accepted 0, returned 0, disqualified 1
 *   (+1), converted 1 (+1).
 * Spring Webinar: in 3 (Ava, Ben, Dee; Finn: +2), worked 1 (±0), qualified 2 (+2), accepted 1 (+1),
 *   returned 1 (+1), disqualified 0 (−1), converted 1 (+1).
 * Trade Expo: in 2 (Cal, Dee; Gus: +1), worked 1 (+1), disqualified 1 (+1), converted 1 (+1).
 */

const HOUR = 3_600_000;
const WEEK = 168;
const startOfUtcWeek = (now: Date): number => {
  const day = (now.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day);
};

const ADMIN = person('U0DEMOADMIN');
const POLICY = YAML.stringify({
  roles: { admins: [ADMIN.slackId], marketing: [MARKETING.slackId] },
  sla: { ...roundTheClockSla, weeklyDigest: { channel: 'C0DEMOMKTG1', timeZone: 'UTC' } },
  relay: {
    qualifiers: { roles: [], people: [SDR.slackId] },
    aes: [AE.salesforceId, OTHER_AE.salesforceId],
    routing: { kind: 'named', ae: AE.salesforceId },
    nurtureOwner: MARKETING.salesforceId,
  },
});

const LEADS = [
  { name: 'Ava', source: 'Web', hours: 100 },
  { name: 'Ben', source: 'Web', hours: 90 },
  { name: 'Cal', source: 'Webinar', hours: 60 },
  { name: 'Dee', source: 'Webinar', hours: 30 },
  { name: 'Eve', source: 'Web', hours: 10 },
  { name: 'Finn', source: 'Web', hours: WEEK + 30 },
  { name: 'Gus', source: 'Webinar', hours: WEEK + 80 },
  { name: 'Hal', source: 'Web', hours: 400 },
];

const text = (value: unknown): string => JSON.stringify(value ?? []);

async function buildOrg(prefix: string) {
  const anchor = startOfUtcWeek(new Date());
  const started = await startWithLeads(
    prefix,
    LEADS.map((l) => ({ name: l.name, owner: SDR.salesforceId, source: l.source, createdHoursAgo: l.hours })),
    anchor,
    POLICY,
  );
  const { local, ids } = started;
  const store = local.emulator.store;
  const at = (name: string, plusHours: number) => {
    const lead = LEADS.find((l) => l.name === name);
    return sfDateTime(new Date(anchor - ((lead?.hours ?? 0) - plusHours) * HOUR).toISOString());
  };
  const task = (name: string, subject: string, plusHours: number) =>
    store.insert('Task', {
      WhoId: ids[name],
      OwnerId: SDR.salesforceId,
      Subject: subject,
      TaskSubtype: subject === 'Call' ? 'Call' : null,
      Status: 'Completed',
      CreatedDate: at(name, plusHours),
    });
  task('Ava', 'Call', 1);
  task('Ben', 'Call', 10);
  task('Cal', 'Call', 10);
  task('Finn', 'Call', 1);
  for (const [name, reason] of [
    ['Cal', 'Bad data'],
    ['Finn', 'Duplicate'],
  ] as const) {
    store.update('Lead', ids[name] ?? '', { Status: 'Closed - Not Converted' });
    task(name, `Status: Closed - Not Converted - ${reason}`, 30);
  }
  store.convertLead(ids['Dee'] ?? '');
  const spring = store.insert('Campaign', { Name: 'Spring Webinar', IsActive: true });
  const expo = store.insert('Campaign', { Name: 'Trade Expo', IsActive: true });
  const members: [string, Record<string, unknown>][] = [
    ['Ava', spring],
    ['Ben', spring],
    ['Dee', spring],
    ['Finn', spring],
    ['Cal', expo],
    ['Dee', expo],
    ['Gus', expo],
  ];
  for (const [name, campaign] of members) {
    store.insert('CampaignMember', { CampaignId: campaign['Id'], LeadId: ids[name] });
  }
  await runSync(local.app.services, { force: true });
  await waitForQueuesToDrain(local.app.services.jobs);
  return { local, ids, anchor };
}

/** Jordan qualifies the lead; Sam accepts it or returns it with a reason. */
async function relay(app: LocalBullpen, leadId: string, decision: 'accept' | { reason: string }) {
  const viewId = await openQualify(app, SDR.slackId, leadId);
  expect((await app.simulator.submitView(SDR.slackId, viewId, ANSWERS)).json).toBeFalsy();
  const dm = await waitFor(
    async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes(`relay.handoff.${leadId}`)),
    "the AE's DM",
  );
  const records = new RelayStore(app.app.services.redis, app.app.services.keys);
  if (decision === 'accept') {
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
  } else {
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.return');
    const modal = await modalOf(app, AE.slackId, RETURN_VIEW);
    await app.simulator.submitView(AE.slackId, modal.id, {
      relay_return_reason: { 'relay.return_reason': decision.reason },
      relay_return_note: { 'relay.return_note': 'Budget frozen' },
    });
  }
  const state = decision === 'accept' ? 'accepted' : 'returned';
  await waitFor(async () => ((await records.get(leadId))?.state === state ? true : undefined), state);
}

async function funnelAnswer(app: LocalBullpen, userId: string, argument: string) {
  const before = app.simulator.workspace.ephemeralsFor(userId).length;
  const dm = app.simulator.workspace.openDm(userId).id;
  await app.simulator.sendSlashCommand(userId, dm, '/funnel', argument);
  return waitFor(async () => app.simulator.workspace.ephemeralsFor(userId).at(before), 'the /funnel answer');
}

const sectionText = (blocks: unknown, title: string): string => {
  const found = (blocks as { text?: { text?: string } }[]).find((b) => b.text?.text?.startsWith(title));
  if (!found?.text?.text) throw new Error(`no section "${title}" in ${text(blocks)}`);
  return found.text.text;
};

describe("marketing's funnel", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('shows the hand-checked relay numbers and changes in /funnel, the drill-down and the weekly digest', async () => {
    const org = await buildOrg(fixture.prefix);
    local = org.local;
    const app = local;
    await relay(app, org.ids['Ava'] ?? '', { reason: 'No budget' });
    await relay(app, org.ids['Ben'] ?? '', 'accept');

    const answer = await funnelAnswer(app, MARKETING.slackId, 'last week');
    expect(sectionText(answer.blocks, '*All leads*')).toBe(
      [
        '*All leads*',
        'Leads in *5* (+3) · Worked within SLA *2* (+1) · Qualified *2* (+2) · Accepted *1* (+1) · Returned *1* (+1) · Disqualified *1* (±0) · Converted *1* (+1)',
        'Returned because: No budget 1 (+1)',
        'Disqualified because: Bad data 1 (+1)',
      ].join('\n'),
    );
    expect(sectionText(answer.blocks, '*Web*')).toBe(
      [
        '*Web*',
        'Leads in *3* (+2) · Worked within SLA *1* (±0) · Qualified *2* (+2) · Accepted *1* (+1) · Returned *1* (+1) · Disqualified *0* (−1) · Converted *0* (±0)',
        'Returned because: No budget 1 (+1)',
      ].join('\n'),
    );
    expect(sectionText(answer.blocks, '*Webinar*')).toBe(
      [
        '*Webinar*',
        'Leads in *2* (+1) · Worked within SLA *1* (+1) · Qualified *0* (±0) · Accepted *0* (±0) · Returned *0* (±0) · Disqualified *1* (+1) · Converted *1* (+1)',
        'Disqualified because: Bad data 1 (+1)',
      ].join('\n'),
    );
    expect(sectionText(answer.blocks, '*Spring Webinar*')).toContain(
      'Leads in *3* (+2) · Worked within SLA *1* (±0) · Qualified *2* (+2) · Accepted *1* (+1) · Returned *1* (+1) · Disqualified *0* (−1) · Converted *1* (+1)',
    );
    expect(sectionText(answer.blocks, '*Trade Expo*')).toContain(
      'Leads in *2* (+1) · Worked within SLA *1* (+1) · Qualified *0* (±0) · Accepted *0* (±0) · Returned *0* (±0) · Disqualified *1* (+1) · Converted *1* (+1)',
    );
    expect(sectionText(answer.blocks, '_No campaign_')).toContain('Leads in *1* (+1)');

    // Drill-down: Web's qualified leads, newest first, linked to Salesforce.
    const blockId = drillBlockId({ period: 'last week', group: { kind: 'source', key: 'Web' } }) ?? '';
    await app.simulator.selectOption(MARKETING.slackId, answer.ts, 'relay.funnel_drill', 'qualified', {
      blockId,
    });
    const modal = await waitFor(async () => {
      const id = app.simulator.workspace.modalStacks.get(MARKETING.slackId)?.at(-1);
      const view = id ? app.simulator.workspace.views.get(id) : undefined;
      return text(view?.definition['blocks']).includes('lightning') ? view : undefined;
    }, 'the drill-down modal');
    const rows = text(modal?.definition['blocks']);
    expect(rows).toContain('*Web* · Qualified · last week');
    expect(rows).toContain('*2* leads');
    const ben = rows.indexOf(`/lightning/r/Lead/${org.ids['Ben']}/view|Ben>`);
    const ava = rows.indexOf(`/lightning/r/Lead/${org.ids['Ava']}/view|Ava>`);
    expect(ben).toBeGreaterThan(0);
    expect(ava).toBeGreaterThan(ben);
    expect(rows).not.toContain(org.ids['Eve']);

    // The weekly digest carries the same numbers, with the reasons per source.
    const relayFeature = app.app.features.all.find((f) => f.name === 'relay');
    const digest = await buildWeeklyDigest({
      ...app.app.services,
      weeklyDigestSections: relayFeature?.weeklyDigestSections ?? [],
    });
    expect(text(digest.message.blocks)).toContain('Relay funnel · leads created');
    expect(sectionText(digest.message.blocks, '*All leads*')).toBe(sectionText(answer.blocks, '*All leads*'));
    expect(sectionText(digest.message.blocks, '*Web*')).toContain('Returned because: No budget 1 (+1)');
    expect(sectionText(digest.message.blocks, '*Webinar*')).toContain(
      'Disqualified because: Bad data 1 (+1)',
    );
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('refuses people outside marketing and admins, and periods it cannot read', async () => {
    local = (await startWithLeads(fixture.prefix, [], Date.now(), POLICY)).local;
    const app = local;
    expect((await funnelAnswer(app, SDR.slackId, '')).text).toBe(FUNNEL_REFUSAL);
    const bad = await funnelAnswer(app, MARKETING.slackId, 'fortnight');
    expect(bad.text).toMatch(/^I can't read `fortnight` as a period\. Try `7d`, `30d`/);
    expect((await funnelAnswer(app, MARKETING.slackId, '900d')).text).toMatch(/1 to 365 days/);
    const admin = await funnelAnswer(app, ADMIN.slackId, '30d');
    expect(admin.text).toMatch(/^Funnel, last 30 days/);
  });

  it("shows marketing the funnel on Home from the value the relay's job stored, and not reps", async () => {
    local = (await startWithLeads(fixture.prefix, [], Date.now(), POLICY)).local;
    const app = local;
    const home = async (userId: string, until: string) => {
      await app.simulator.openHome(userId);
      return waitFor(async () => {
        const view = app.simulator.workspace.homeView(userId);
        const blocks = text(view?.definition['blocks']);
        return view && blocks.includes(until) ? blocks : undefined;
      }, `${userId}'s Home with ${until}`);
    };
    // The first look asks the worker for it; the stored funnel then refreshes the Home.
    const shown = await home(MARKETING.slackId, 'Marketing funnel · last 7 days vs the 7 before');
    expect(shown).toContain('Leads in *0* (±0) · Worked within SLA *0* (±0)');
    const stored = await app.app.services.redis.get(app.app.services.keys('relay', 'funnel-home'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({
      version: 1,
      value: { label: expect.stringMatching(/^last 7 days/) },
    });
    const rep = await home(SDR.slackId, '');
    expect(rep).not.toContain('Marketing funnel');
    await waitForQueuesToDrain(app.app.services.jobs);
  });
});
