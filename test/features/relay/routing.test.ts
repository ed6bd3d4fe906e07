import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { startWithLeads } from '../nudges/local-setup.ts';
import { AE, ANSWERS, lead, openQualify, OTHER_AE, SDR } from './setup.ts';

/*
 * Round-robin routing takes turns between Sam and Riley; only a hand-off moves it on, so a modal
 * opened and cancelled proposes the same AE again.
 */
const POLICY = YAML.stringify({
  sla: roundTheClockSla,
  relay: { aes: [AE.salesforceId, OTHER_AE.salesforceId], routing: { kind: 'roundRobin' } },
});

const proposed = (app: LocalBullpen, viewId: string): string | undefined => {
  const blocks = app.simulator.workspace.views.get(viewId)?.definition['blocks'] as {
    block_id?: string;
    element?: { initial_option?: { value?: string } };
  }[];
  return blocks.find((b) => b.block_id === 'relay_ae')?.element?.initial_option?.value;
};

describe('routing rules', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('proposes the AEs in turn, moving on only when a lead is handed off', async () => {
    const started = await startWithLeads(
      fixture.prefix,
      [
        { name: 'Alpha', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 2 },
        { name: 'Bravo', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 2 },
      ],
      Date.now(),
      POLICY,
    );
    local = started.local;
    const app = local;
    const [alpha, bravo] = [started.ids['Alpha'] ?? '', started.ids['Bravo'] ?? ''];

    const cancelled = await openQualify(app, SDR.slackId, alpha);
    expect(proposed(app, cancelled)).toBe(AE.salesforceId);
    await app.simulator.closeView(SDR.slackId, cancelled);
    const first = await openQualify(app, SDR.slackId, alpha);
    expect(proposed(app, first)).toBe(AE.salesforceId);
    await app.simulator.submitView(SDR.slackId, first, ANSWERS);
    expect(lead(app, alpha)['OwnerId']).toBe(AE.salesforceId);

    const second = await openQualify(app, SDR.slackId, bravo);
    expect(proposed(app, second)).toBe(OTHER_AE.salesforceId);
    await app.simulator.submitView(SDR.slackId, second, ANSWERS);
    expect(lead(app, bravo)['OwnerId']).toBe(OTHER_AE.salesforceId);
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('routes by a Lead field when the policy maps its values to AEs, else to the fallback', async () => {
    const byField = YAML.stringify({
      sla: roundTheClockSla,
      relay: {
        aes: [AE.salesforceId, OTHER_AE.salesforceId],
        routing: {
          kind: 'field',
          field: 'LeadSource',
          map: { Partner: OTHER_AE.salesforceId },
          fallback: AE.salesforceId,
        },
      },
    });
    const started = await startWithLeads(
      fixture.prefix,
      [
        { name: 'Alpha', owner: SDR.salesforceId, source: 'Partner', createdHoursAgo: 2 },
        { name: 'Bravo', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 2 },
      ],
      Date.now(),
      byField,
    );
    local = started.local;
    const app = local;
    const partner = await openQualify(app, SDR.slackId, started.ids['Alpha'] ?? '');
    expect(proposed(app, partner)).toBe(OTHER_AE.salesforceId);
    await app.simulator.closeView(SDR.slackId, partner);
    const web = await openQualify(app, SDR.slackId, started.ids['Bravo'] ?? '');
    expect(proposed(app, web)).toBe(AE.salesforceId);
  });
});
