import { afterEach, describe, expect, it } from 'vitest';
import { FUNNEL_REFUSAL } from '../../../src/features/relay/app/funnel.ts';
import { drillView, type FunnelDrillData } from '../../../src/features/relay/replies/funnel-reply-jobs.ts';
import { drillBlockId } from '../../../src/features/relay/slack/funnel-blocks.ts';
import { OLD_DRILL_MENU } from '../../../src/features/relay/slack/funnel-message.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SDR, startRelay } from './setup.ts';

/**
 * The drill-down's worker half: the web process opened "Finding the leads…" and queued the click;
 * the worker decides what the modal shows, checking the clicker's role and the menu itself (a
 * menu from an older bullpen may no longer parse). The listing itself is in funnel.test.ts.
 */

const ADMIN = 'U0DEMOADMIN';
const blocks = (view: { blocks: unknown }) => JSON.stringify(view.blocks);

describe("the funnel drill-down's worker", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const click = (userId: string, blockId: string, option: string): FunnelDrillData => ({
    userId,
    viewId: 'V0DRILL',
    blockId,
    option,
    requestedAt: new Date().toISOString(),
  });

  it('refuses people outside marketing and admins, says so for an old menu, and lists the leads', async () => {
    local = (await startRelay(fixture.prefix)).local;
    const deps = local.app.services;
    const allLeads = drillBlockId({ period: '7d', group: { kind: 'all' } }) ?? '';

    expect(blocks(await drillView(deps, click(SDR.slackId, allLeads, 'in')))).toContain(FUNNEL_REFUSAL);
    for (const [blockId, option] of [
      ['relay.funnel_drill', 'in'],
      [allLeads, 'nonsense'],
      [allLeads, 'qualified:No budget'],
    ] as const) {
      expect(blocks(await drillView(deps, click(ADMIN, blockId, option)))).toContain(
        JSON.stringify(OLD_DRILL_MENU).slice(1, -1),
      );
    }
    const listed = blocks(await drillView(deps, click(ADMIN, allLeads, 'in')));
    expect(listed).toMatch(/All leads · Leads in · last 7 days[^:]*: \*2\* leads"/);
    expect(listed).toContain('|Alpha>');
    expect(listed).toContain('|Bravo>');
  });
});
