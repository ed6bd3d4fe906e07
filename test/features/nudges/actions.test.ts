import { afterEach, describe, expect, it } from 'vitest';
import { performLeadAction } from '../../../src/features/nudges/app/lead-actions.ts';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { digestPostsTo, MGR1, REP1, REP2, startWithLeads, waitForDigest } from './local-setup.ts';

/* Three overdue Web leads (4 h SLA) for REP1 and one for REP2; each button is exercised once. */
const FIXTURE = [
  { name: 'Alpha', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 10 },
  { name: 'Bravo', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 9 },
  { name: 'Charlie', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 8 },
  { name: 'Delta', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 7 },
  { name: 'Echo', owner: REP2.salesforceId, source: 'Web', createdHoursAgo: 6 },
];

const text = (value: unknown): string => JSON.stringify(value);

describe('digest buttons end to end', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function openDigest() {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const now = new Date();
    await runNudgeScan(local.app.services, { now });
    const digestId = digestJobId(
      REP1.salesforceId,
      digestWindowId(now, local.app.services.config.policy.sla),
    );
    const { ts } = await waitForDigest(local, digestId);
    return { ...started, local, ts, digestId, now };
  }

  const openModal = async (bullpen: LocalBullpen, userId: string) =>
    waitFor(async () => {
      const stack = bullpen.simulator.workspace.modalStacks.get(userId) ?? [];
      return stack.at(-1);
    }, 'a modal');

  it('snoozes in Redis, disqualifies and rates quality in Salesforce, and shows each in the digest', async () => {
    const { local: app, ids, ts } = await openDigest();
    const sim = app.simulator;
    const lead = (name: string) => ids[name] ?? '';

    // Snooze 3 days: Redis only, no Salesforce write.
    await sim.selectOption(REP1.slackId, ts, 'nudge.snooze', `${lead('Alpha')}|${digestIdOf(ts, app)}|3`, {
      blockId: `nudge.lead.${lead('Alpha')}`,
    });
    const snoozes = await waitFor(async () => {
      const all = await new NudgeState(app.app.services).snoozes();
      return all.size > 0 ? all : undefined;
    }, 'the snooze');
    const until = snoozes.get(lead('Alpha'));
    expect(until && Math.round((until.getTime() - Date.now()) / 86_400_000)).toBe(3);

    // Disqualify: modal with the policy's reasons, then the Lead's Status in Salesforce.
    await sim.clickButton(REP1.slackId, ts, 'nudge.disqualify', undefined, {
      blockId: `nudge.lead.${lead('Bravo')}`,
    });
    const dqView = await openModal(app, REP1.slackId);
    const bad = await sim.submitView(REP1.slackId, dqView, {});
    expect(bad.json).toMatchObject({ response_action: 'errors' });
    await sim.submitView(REP1.slackId, dqView, {
      disqualify_reason: { 'nudge.disqualify_reason': 'No budget' },
    });
    await waitFor(
      async () =>
        app.emulator.store.get('Lead', lead('Bravo'))?.['Status'] === 'Closed - Not Converted'
          ? true
          : undefined,
      'the disqualified status',
    );

    // Rate quality: a Task carrying the rating and reason for marketing.
    await sim.clickButton(REP1.slackId, ts, 'nudge.rate_quality', undefined, {
      blockId: `nudge.lead.${lead('Charlie')}`,
    });
    const rateView = await openModal(app, REP1.slackId);
    await sim.submitView(REP1.slackId, rateView, {
      quality_rating: { 'nudge.quality_rating': 'bad' },
      quality_reason: { 'nudge.quality_reason': 'bad|Bad fit' },
    });
    await waitFor(
      async () =>
        [...app.emulator.store.records('Task')].some(
          (t) => t['WhoId'] === lead('Charlie') && t['Subject'] === 'Lead quality: bad - Bad fit',
        ) || undefined,
      'the quality Task',
    );

    const message = await waitFor(async () => {
      const found = sim.workspace.findMessageByTs(ts);
      const blocks = text(found?.blocks);
      return ['Snoozed until', 'Disqualified (No budget)', 'Rated :thumbsdown: bad (Bad fit)'].every((s) =>
        blocks.includes(s),
      )
        ? blocks
        : undefined;
    }, 'the digest to show all three');
    expect(message).toContain(`nudge.lead.${lead('Delta')}`);
    expect(message).not.toContain(`nudge.lead.${lead('Alpha')}`);
    // Open in Salesforce is a link; its click is acknowledged and changes nothing.
    const open = await sim.clickButton(REP1.slackId, ts, 'nudge.open_in_salesforce', undefined, {
      blockId: `nudge.lead.${lead('Delta')}`,
    });
    expect(open.status).toBe(200);
  });

  it("lets the owner's manager act, and records a touch made in Salesforce against the digest", async () => {
    const { local: app, ids, ts, digestId } = await openDigest();
    const services = app.app.services;
    const outcome = await performLeadAction(services, {
      actorSlackId: MGR1.slackId,
      leadId: ids['Delta'] ?? '',
      digestId,
      stem: digestId,
      action: { kind: 'email' },
    });
    expect(outcome).toMatchObject({ ok: true, text: 'Email logged' });

    // REP1 calls Alpha from Salesforce itself; sync publishes activity.logged to the nudges queue.
    app.emulator.store.insert('Task', {
      WhoId: ids['Alpha'],
      OwnerId: REP1.salesforceId,
      Subject: 'Call',
      TaskSubtype: 'Call',
      Status: 'Completed',
    });
    await runSync(services, { force: true });
    const blocks = await waitFor(async () => {
      const found = text(app.simulator.workspace.findMessageByTs(ts)?.blocks);
      return found.includes('Call logged in Salesforce') && found.includes('Email logged')
        ? found
        : undefined;
    }, 'the digest to show the Salesforce touch');
    expect(blocks).toContain(`<@${MGR1.slackId}>`);
    const actions = await new NudgeState(services).actionsBetween(new Date(Date.now() - 60_000), new Date());
    expect(new Set(actions.map((a) => a.leadId))).toEqual(new Set([ids['Alpha'], ids['Delta']]));
  });

  it('a Slack 429 delays a digest and loses nothing', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    local.simulator.setRateLimit('chat.postMessage', 1);
    const now = new Date();
    const scan = await runNudgeScan(local.app.services, { now });
    expect(scan.repDigests).toHaveLength(2);
    for (const id of scan.repDigests) await waitFor(() => waitForDigest(local!, id), id);
    const posts = local.simulator.callsTo('chat.postMessage');
    expect(posts.some((c) => c.httpStatus === 429)).toBe(true);
    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(1);
    expect(digestPostsTo(local, REP2.slackId)).toHaveLength(1);
  });
});

/** The digest id carried in the message's first button value. */
function digestIdOf(ts: string, app: LocalBullpen): string {
  const blocks = text(app.simulator.workspace.findMessageByTs(ts)?.blocks);
  const match = /"value":"00Q[A-Za-z0-9]+\|([^"|]+)"/.exec(blocks);
  return match?.[1] ?? '';
}
