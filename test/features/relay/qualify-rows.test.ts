import { afterEach, describe, expect, it } from 'vitest';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { startWithLeads, waitForDigest } from '../nudges/local-setup.ts';
import { dmsTo, ephemeralTexts, modalOf, NOT_AE, QUALIFY_VIEW, RELAY_POLICY, SDR } from './setup.ts';

/*
 * Qualify on a digest row (issue 14 item 1): the relay's action on nudges' rows. Jordan (SDR, the
 * policy's only qualifier) gets a digest with his overdue raw lead Alpha and Qualify on its row; the
 * click opens the Qualify modal for Alpha. Casey (not a qualifier) gets a digest with Bravo; his
 * click is refused with the relay's own reason, and no modal opens; from App Home, by DM.
 */

const QUALIFY_ACTION = 'relay.qualify_lead';
const text = (value: unknown): string => JSON.stringify(value ?? []);

describe('Qualify on a digest row', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('opens the Qualify modal for that lead, and refuses a non-qualifier', async () => {
    const started = await startWithLeads(
      fixture.prefix,
      [
        { name: 'Alpha', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 10 },
        { name: 'Bravo', owner: NOT_AE.salesforceId, source: 'Web', createdHoursAgo: 10 },
      ],
      Date.now(),
      RELAY_POLICY,
    );
    local = started.local;
    const app = local;
    const { services } = app.app;
    const alpha = started.ids['Alpha'] ?? '';
    const bravo = started.ids['Bravo'] ?? '';
    const now = new Date();
    await runNudgeScan(services, { now });
    const window = digestWindowId(now, services.config.policy.sla);
    const sdrDigest = await waitForDigest(app, digestJobId(SDR.salesforceId, window));
    const otherDigest = await waitForDigest(app, digestJobId(NOT_AE.salesforceId, window));

    const row = (blocks: unknown, leadId: string) =>
      ((blocks ?? []) as { block_id?: string }[]).find((b) => b.block_id === `nudge.lead.${leadId}`);
    const sdrBlocks = app.simulator.workspace.findMessageByTs(sdrDigest.ts)?.blocks;
    expect(text(row(sdrBlocks, alpha))).toContain(`"action_id":"${QUALIFY_ACTION}","value":"${alpha}"`);

    await app.simulator.clickButton(SDR.slackId, sdrDigest.ts, QUALIFY_ACTION, alpha, {
      blockId: `nudge.lead.${alpha}`,
    });
    const modal = await modalOf(app, SDR.slackId, QUALIFY_VIEW);
    expect(text(modal.definition)).toContain('Alpha');
    expect(text(modal.definition)).toContain(alpha);

    await app.simulator.clickButton(NOT_AE.slackId, otherDigest.ts, QUALIFY_ACTION, bravo, {
      blockId: `nudge.lead.${bravo}`,
    });
    await waitFor(
      async () =>
        ephemeralTexts(app, NOT_AE.slackId).find((t) =>
          t.includes('Only qualifiers (SDRs, as the relay policy names them) can hand leads off to an AE.'),
        ),
      'the refusal',
    );
    expect(app.simulator.workspace.modalStacks.get(NOT_AE.slackId) ?? []).toEqual([]);

    // On App Home (no response_url) the refusal comes as a DM.
    await app.simulator.openHome(NOT_AE.slackId);
    const home = await waitFor(async () => {
      const view = app.simulator.workspace.homeView(NOT_AE.slackId);
      return text(view?.definition['blocks']).includes(QUALIFY_ACTION) ? view : undefined;
    }, "Casey's Home with Bravo's Qualify");
    await app.simulator.clickButton(NOT_AE.slackId, home.id, QUALIFY_ACTION, bravo, {
      blockId: `nudge.lead.${bravo}`,
    });
    await waitFor(
      async () => dmsTo(app, NOT_AE.slackId).find((m) => m.text.startsWith('Only qualifiers (SDRs')),
      'the refusal by DM',
    );
  });
});
