import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { digestJobId, digestWindowId, escalationJobId } from '../../../src/features/nudges/domain/digest.ts';
import {
  adminNudgeSection,
  managerTeamSection,
  repLeadsSection,
} from '../../../src/features/nudges/slack/home-sections.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  ADMIN,
  digestPostsTo,
  MGR1,
  nextModal,
  REP1,
  REP2,
  REP3,
  startWithLeads,
  waitForDigest,
} from './local-setup.ts';

/*
 * Fixture, hand-checked (24/7 calendar, so business hours are wall-clock hours):
 * - Overdue-Web (REP1, Web: 4 h SLA, created 30 h ago): overdue by 26 h > 2 × 4 h → escalated to MGR1.
 * - Soon-Webinar (REP1, Webinar: 24 h SLA, created 20 h ago): 20/24 = 83 % ≥ 80 % → due soon.
 * - Fresh-Web (REP1, Web, created 1 h ago): on track, not listed.
 * - Late-Show (REP2, Trade Show: 48 h SLA, created 50 h ago): overdue by 2 h, not escalated.
 * - Closed-Lead (REP3, closed): no clock, so REP3 gets nothing.
 */
const FIXTURE = [
  { name: 'Overdue-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 30 },
  { name: 'Soon-Webinar', owner: REP1.salesforceId, source: 'Webinar', createdHoursAgo: 20 },
  { name: 'Fresh-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 1 },
  { name: 'Late-Show', owner: REP2.salesforceId, source: 'Trade Show', createdHoursAgo: 50 },
  {
    name: 'Closed-Lead',
    owner: REP3.salesforceId,
    source: 'Web',
    createdHoursAgo: 100,
    status: 'Closed - Not Converted',
  },
];

const blockText = (blocks: unknown): string => JSON.stringify(blocks);

describe('stale-lead digests', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('sends exactly one digest per rep with overdue leads per window, and one escalation per manager', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const { services } = local.app;
    const now = new Date();
    // Two workers scanning at once, then a retried scan in the same window.
    const [first] = await Promise.all([runNudgeScan(services, { now }), runNudgeScan(services, { now })]);
    const windowId = digestWindowId(now, services.config.policy.sla);
    expect(first.repDigests.sort()).toEqual(
      [digestJobId(REP1.salesforceId, windowId), digestJobId(REP2.salesforceId, windowId)].sort(),
    );
    expect(first.escalations).toEqual([escalationJobId(MGR1.salesforceId, windowId)]);
    await waitForDigest(local, digestJobId(REP1.salesforceId, windowId));
    await waitForDigest(local, digestJobId(REP2.salesforceId, windowId));
    await waitForDigest(local, escalationJobId(MGR1.salesforceId, windowId));
    await runNudgeScan(services, { now });
    await waitForQueuesToDrain(services.jobs);

    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(1);
    expect(digestPostsTo(local, REP2.slackId)).toHaveLength(1);
    expect(digestPostsTo(local, REP3.slackId)).toHaveLength(0);
    expect(digestPostsTo(local, MGR1.slackId)).toHaveLength(1);
    expect(local.simulator.callsTo('chat.postMessage')).toHaveLength(3);

    const rep1Digest = blockText(digestPostsTo(local, REP1.slackId)[0]?.args['blocks']);
    // Most overdue first; the on-track lead is not listed.
    expect(rep1Digest.indexOf('Overdue-Web')).toBeGreaterThan(-1);
    expect(rep1Digest.indexOf('Overdue-Web')).toBeLessThan(rep1Digest.indexOf('Soon-Webinar'));
    expect(rep1Digest).toContain('Overdue by 26h');
    expect(rep1Digest).toContain('Due in 4h');
    expect(rep1Digest).not.toContain('Fresh-Web');
    const escalation = blockText(digestPostsTo(local, MGR1.slackId)[0]?.args['blocks']);
    expect(escalation).toContain('Overdue-Web');
    expect(escalation).not.toContain('Late-Show');
    // Daily cap of 1: a scan in another window of the same local day sends nothing more. (Half an
    // hour later, unless that crosses a rep's local midnight; then half an hour earlier.)
    const localDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate();
    const plus = new Date(now.getTime() + 30 * 60_000);
    const sameDay = [REP1, REP2].every((rep) => localDay(plus, rep.timeZone) === localDay(now, rep.timeZone));
    const other = sameDay ? plus : new Date(now.getTime() - 30 * 60_000);
    const later = await runNudgeScan(services, { now: other });
    expect(later.repDigests).toEqual([]);
  });

  it('Log call opens a modal; its submission delivered twice creates one Task and edits the digest in place', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const { services } = local.app;
    const now = new Date();
    await runNudgeScan(services, { now });
    const digestId = digestJobId(REP1.salesforceId, digestWindowId(now, services.config.policy.sla));
    const { ts } = await waitForDigest(local, digestId);
    const leadId = started.ids['Overdue-Web'] ?? '';
    const blockId = `nudge.lead.${leadId}`;
    const tasksBefore = [...local.emulator.store.records('Task')].length;

    await local.simulator.clickButton(REP1.slackId, ts, 'nudge.log_call', undefined, { blockId });
    const viewId = await nextModal(local, REP1.slackId);
    const submit = () =>
      local!.simulator.submitView(REP1.slackId, viewId, {
        call_outcome: { 'nudge.call_outcome': 'Connected' },
      });
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const callsLogged = () =>
      [...local!.emulator.store.records('Task')].filter(
        (t) => t['WhoId'] === leadId && t['TaskSubtype'] === 'Call',
      );
    await waitFor(async () => (callsLogged().length > 0 ? true : undefined), 'the Task');
    // Both clicks' jobs have run (or were refused) before counting.
    await waitForQueuesToDrain(services.jobs);
    const calls = callsLogged();
    expect(calls).toHaveLength(1);
    expect([...local.emulator.store.records('Task')].length).toBe(tasksBefore + 1);
    expect(calls[0]?.['OwnerId']).toBe(REP1.salesforceId);

    const updated = await waitFor(async () => {
      const message = local!.simulator.workspace.findMessageByTs(ts);
      return message && blockText(message.blocks).includes('Call logged (Connected)') ? message : undefined;
    }, 'the digest edit');
    expect(blockText(updated.blocks)).not.toContain(blockId);
    expect(blockText(updated.blocks)).toContain(`nudge.lead.${started.ids['Soon-Webinar']}`);
    // Two edits for the two clicks' one write: "saving to Salesforce…", then done once it landed.
    const edits = local.simulator.callsTo('chat.update').filter((c) => c.httpStatus === 200);
    expect(edits.map((c) => blockText(c.args['blocks']).includes('saving to Salesforce'))).toEqual([
      true,
      false,
    ]);
    // Measured: the lead was acted on.
    const actions = await new NudgeState(services).actionsBetween(new Date(now.getTime() - 1000), new Date());
    expect(actions.map((x) => x.leadId)).toEqual([leadId]);
  });

  it('refuses a click by someone who is not the owner, their manager or an admin, changing nothing', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const leadId = started.ids['Late-Show'] ?? '';
    const rep1Lead = started.ids['Overdue-Web'] ?? '';
    await local.simulator.sendSlashCommand(REP2.slackId, 'C0DEMOSALES', '/leads', '');
    const list = await waitFor(
      async () =>
        local!.simulator.workspace.ephemeralsFor(REP2.slackId).find((e) => e.text.includes('open lead')),
      '/leads answer',
    );
    expect(blockText(list.blocks)).toContain('Late-Show');
    const tasksBefore = [...local.emulator.store.records('Task')].length;
    // A forged click: REP2's own list, but the value names REP1's lead.
    await local.simulator.clickButton(REP2.slackId, list.ts, 'nudge.log_call', rep1Lead, {
      blockId: `nudge.lead.${leadId}`,
    });
    await local.simulator.clickButton(REP2.slackId, list.ts, 'nudge.disqualify', rep1Lead, {
      blockId: `nudge.lead.${leadId}`,
    });
    const refusals = await waitFor(async () => {
      const found = local!.simulator.workspace
        .ephemeralsFor(REP2.slackId)
        .filter((e) => e.text.includes("You can't act on this lead"));
      return found.length === 2 ? found : undefined;
    }, 'the refusals');
    expect(refusals).toHaveLength(2);
    await waitForQueuesToDrain(local.app.services.jobs);
    expect([...local.emulator.store.records('Task')].length).toBe(tasksBefore);
    expect(local.simulator.callsTo('views.open')).toHaveLength(0);
    expect(await local.app.services.jobs.queueNamed('salesforce-writes').getJobCounts()).toMatchObject({
      waiting: 0,
      active: 0,
      completed: 0,
    });
  });

  it('contributes App Home sections: rep leads with actions, team rate for managers, nudge rate for admins', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const { services } = local.app;
    const now = new Date();
    const viewer = async (slackUserId: string) => ({
      slackUserId,
      salesforceUserId: await services.people.salesforceIdFor(slackUserId),
      roles: await services.roles.rolesOf(slackUserId),
      now,
    });
    const rep = await viewer(REP1.slackId);
    expect(repLeadsSection(services).appliesTo(rep)).toBe(true);
    expect(managerTeamSection(services).appliesTo(rep)).toBe(false);
    const repBlocks = blockText(await repLeadsSection(services).render(rep, 30));
    expect(repBlocks).toContain(`nudge.lead.${started.ids['Overdue-Web']}`);
    expect(repBlocks).toContain(`nudge.lead.${started.ids['Soon-Webinar']}`);
    expect(repBlocks).not.toContain('Fresh-Web');
    const tight = await repLeadsSection(services).render(rep, 6);
    expect(tight.length).toBeLessThanOrEqual(6);
    expect(blockText(tight)).toContain('and 1 more');

    const manager = await viewer(MGR1.slackId);
    expect(managerTeamSection(services).appliesTo(manager)).toBe(true);
    const team = blockText(await managerTeamSection(services).render(manager, 10));
    expect(team).toContain(`<@${REP1.slackId}>`);
    // Overdue-Web (REP1) and Late-Show (REP2) are overdue: 2 stale on the team, 1 per rep.
    expect(team).toContain('Stale leads now*\\n2');
    expect(team.match(/stale 1/g)).toHaveLength(2);

    const admin = await viewer(ADMIN.slackId);
    expect(adminNudgeSection(services).appliesTo(admin)).toBe(true);
    expect(blockText(await adminNudgeSection(services).render(admin, 10))).toContain('Nudge-to-action rate');
  });
});
