import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { TeamScope, TvPanel } from '../../../src/shared/tv/panel.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  createQueuedLead,
  MEMBER,
  NON_MEMBER,
  QUEUE_ID,
  queuesPolicyFile,
  salesforceIdOf,
} from './fixtures.ts';

describe('lead queues on the TV board', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const panelOf = (app: LocalBullpen['app']): TvPanel => {
    const panel = app.features.all
      .flatMap((feature) => [...(feature.tvPanels ?? [])])
      .find((p) => p.name === 'lead-queues.waiting');
    if (!panel) throw new Error('no lead-queues TV panel registered');
    return panel;
  };
  const scopeOf = (slackId: string, showLeadNames = false): TeamScope => ({
    managerSlackId: 'U0DEMOMGR01',
    managerSalesforceId: null,
    ownerIds: [salesforceIdOf(slackId)],
    memberSlackIds: [slackId],
    showLeadNames,
    now: new Date(),
  });

  it("counts the leads waiting in the team's queues, with names only on a names:on screen", async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: queuesPolicyFile() });
    const { app, emulator } = local;
    await runSync(app.services, { force: true });
    await app.services.queues.refresh();
    const waitingBefore = [...emulator.store.records('Lead')].filter((l) => l['OwnerId'] === QUEUE_ID).length;
    expect(waitingBefore).toBeGreaterThan(0);

    createQueuedLead(emulator, 'Newcomer');
    await runSync(app.services, { force: true });
    const panel = panelOf(app);
    const shown = await panel.load(scopeOf(MEMBER));
    expect(shown).toMatchObject({ kind: 'count', value: waitingBefore + 1 });
    const text = JSON.stringify(shown);
    expect(text).toContain(`Inbound Web: ${waitingBefore + 1}`);
    expect(text).toContain('oldest waiting');
    expect(text).not.toContain('Newcomer');

    const named = JSON.stringify(await panel.load(scopeOf(MEMBER, true)));
    expect(named).toMatch(/oldest waiting [^"]* · /);

    // A team with nobody in a queue sees none of its leads.
    expect(await panel.load(scopeOf(NON_MEMBER))).toMatchObject({ kind: 'count', value: 0, items: [] });
  });
});
