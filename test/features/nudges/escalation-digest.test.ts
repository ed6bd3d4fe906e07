import { afterEach, describe, expect, it } from 'vitest';
import { escalationJobId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { LIMITS, NUDGE_ACTIONS } from '../../../src/features/nudges/slack/blocks.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { NOT_YOUR_REP } from '../../../src/features/nudges/slack/open-rep-leads.ts';
import {
  digestPostsTo,
  MGR1,
  person,
  REP1,
  REP2,
  REP3,
  startWithLeads,
  waitForDigest,
} from './local-setup.ts';

const REP5 = person('U0DEMOREP05'); // Casey Nguyen, reports to Priya (MGR1) like REP1 and REP2

/*
 * A team with many badly overdue leads: 40 of Sam's, 25 of Jordan's and 15 of Casey's, every one a
 * Web lead (4 h SLA) created 30 h ago on a 24/7 calendar, so overdue by 26 h > 2 × 4 h: escalated.
 */
const TEAM = [
  { rep: REP1, count: 40 },
  { rep: REP2, count: 25 },
  { rep: REP5, count: 15 },
];
const FIXTURE = TEAM.flatMap(({ rep, count }) =>
  Array.from({ length: count }, (_, i) => ({
    name: `${rep.name.split(' ')[0]}-Lead-${i + 1}`,
    owner: rep.salesforceId,
    source: 'Web',
    createdHoursAgo: 30 + i / 10,
  })),
);

type Block = Record<string, unknown> & {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { type: string; action_id?: string; value?: string };
};

const leadLinks = (text: string): number => (text.match(/\/lightning\/r\/Lead\//g) ?? []).length;

describe('the escalation digest of a team with ~80 overdue leads', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('groups by rep with counts, shows a few leads per rep and a button per rep that opens their list', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const { services } = local.app;
    const now = new Date();
    const scan = await runNudgeScan(services, { now });
    const digestId = escalationJobId(MGR1.salesforceId, scan.windowId);
    expect(scan.escalations).toEqual([digestId]);
    const { ts } = await waitForDigest(local, digestId);

    // The simulator validated the message (chat.postMessage answered ok) and it is within limits.
    const [post] = digestPostsTo(local, MGR1.slackId);
    const blocks = post?.args['blocks'] as Block[];
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const block of blocks) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(String(post?.args['text'])).toContain('80 leads');

    // One section per rep, most overdue leads first: "@rep · N overdue", the top few, a button.
    const repSections = blocks.filter((b) => b.accessory?.action_id === NUDGE_ACTIONS.openRepLeads);
    expect(repSections.map((b) => b.accessory?.value)).toEqual(TEAM.map(({ rep }) => rep.salesforceId));
    for (const [i, { rep, count }] of TEAM.entries()) {
      const text = repSections[i]?.text?.text ?? '';
      expect(text).toContain(`<@${rep.slackId}> · ${count} overdue`);
      expect(leadLinks(text)).toBe(3);
      expect(text).toContain(`…and ${count - 3} more`);
    }
    // No wall of text: only the top few leads of each rep are in the message.
    expect(leadLinks(JSON.stringify(blocks))).toBe(3 * TEAM.length);

    // The manager opens Sam's list: a modal with all 40 of his overdue leads, within a view's limits.
    await local.simulator.clickButton(MGR1.slackId, ts, NUDGE_ACTIONS.openRepLeads, undefined, {
      blockId: repSections[0]?.block_id,
    });
    const viewId = await waitFor(
      async () => (local?.simulator.workspace.modalStacks.get(MGR1.slackId) ?? []).at(-1),
      'the rep list modal',
    );
    const view = local.simulator.workspace.views.get(viewId);
    const viewBlocks = (view?.definition['blocks'] ?? []) as Block[];
    expect(viewBlocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    const viewText = JSON.stringify(viewBlocks);
    expect(viewText).toContain('Sam Carter');
    expect(leadLinks(viewText)).toBe(40);
    for (let n = 1; n <= 40; n += 1) expect(viewText).toContain(`Sam-Lead-${n}`);
    expect(viewText).not.toContain('Jordan-Lead-');
  });

  it('refuses a forged button for a rep the clicker does not manage, and opens nothing', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE.slice(0, 5));
    local = started.local;
    const scan = await runNudgeScan(local.app.services, { now: new Date() });
    const { ts, channel } = await waitForDigest(local, escalationJobId(MGR1.salesforceId, scan.windowId));
    // Priya clicks her button with Riley's Id in it: Riley reports to Diego, not to her.
    await local.simulator.clickButton(MGR1.slackId, ts, NUDGE_ACTIONS.openRepLeads, REP3.salesforceId);
    const refusal = await waitFor(
      async () =>
        local?.simulator.workspace
          .ephemeralsFor(MGR1.slackId, channel)
          .find((e) => e.text?.includes("can't open this list")),
      'the refusal',
    );
    expect(refusal.text).toBe(NOT_YOUR_REP);
    expect(local.simulator.callsTo('views.open')).toHaveLength(0);
  });
});
