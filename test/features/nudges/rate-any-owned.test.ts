import { afterEach, describe, expect, it } from 'vitest';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { REP1, REP2, startWithLeads } from './local-setup.ts';

/*
 * Quality ratings on any open lead a rep owns (issue 14 item 3), not only overdue ones: `/leads`
 * lists the rep's other open leads with Rate quality. Fresh is a Webinar lead (24 h SLA) created an
 * hour ago: on track, so in no digest; Late is overdue (Web, 4 h SLA, 10 h ago); Other is REP2's.
 */
const FIXTURE = [
  { name: 'Fresh', owner: REP1.salesforceId, source: 'Webinar', createdHoursAgo: 1 },
  { name: 'Late', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 10 },
  { name: 'Other', owner: REP2.salesforceId, source: 'Webinar', createdHoursAgo: 1 },
];

const text = (value: unknown): string => JSON.stringify(value ?? []);

describe('rating any owned lead', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function leadsOf(app: LocalBullpen, userId: string) {
    await app.simulator.sendSlashCommand(userId, app.simulator.workspace.openDm(userId).id, '/leads', '');
    return waitFor(
      async () => app.simulator.workspace.ephemeralsFor(userId).find((e) => e.text.includes('open lead')),
      '/leads answer',
    );
  }

  it("lets a rep rate a lead they own that is not overdue, and refuses someone else's", async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const app = local;
    const fresh = started.ids['Fresh'] ?? '';
    const list = await leadsOf(app, REP1.slackId);
    const blocks = text(list.blocks);
    expect(blocks).toContain('Your other open leads');
    expect(blocks).toContain(`"block_id":"nudge.lead.${fresh}"`);
    expect(blocks).not.toContain(started.ids['Other']);

    await app.simulator.clickButton(REP1.slackId, list.ts, 'nudge.rate_quality', undefined, {
      blockId: `nudge.lead.${fresh}`,
    });
    const viewId = await waitFor(
      async () => app.simulator.workspace.modalStacks.get(REP1.slackId)?.at(-1),
      'the rate modal',
    );
    await app.simulator.submitView(REP1.slackId, viewId, {
      quality_rating: { 'nudge.quality_rating': 'bad' },
      quality_reason: { 'nudge.quality_reason': 'bad|Bad fit' },
    });
    await waitFor(
      async () =>
        [...app.emulator.store.records('Task')].some(
          (t) => t['WhoId'] === fresh && t['Subject'] === 'Lead quality: bad - Bad fit',
        ) || undefined,
      'the quality Task on the on-track lead',
    );
    await waitForQueuesToDrain(app.app.services.jobs);

    // REP2 forges a Rate click on REP1's lead from their own list: refused, nothing opened or written.
    const opened = app.simulator.callsTo('views.open').length;
    const tasks = [...app.emulator.store.records('Task')].length;
    const other = started.ids['Other'] ?? '';
    const theirs = await leadsOf(app, REP2.slackId);
    await app.simulator.clickButton(REP2.slackId, theirs.ts, 'nudge.rate_quality', fresh, {
      blockId: `nudge.lead.${other}`,
    });
    await waitFor(
      async () =>
        app.simulator.workspace
          .ephemeralsFor(REP2.slackId)
          .find((e) => e.text.includes("You can't act on this lead")),
      'the refusal',
    );
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(app.simulator.callsTo('views.open')).toHaveLength(opened);
    expect([...app.emulator.store.records('Task')]).toHaveLength(tasks);
  });
});
