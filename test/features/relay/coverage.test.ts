import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { urgentLeadsOf } from '../../../src/features/nudges/app/lead-loader.ts';
import { SlaIndexStore } from '../../../src/features/nudges/sla-index-store.ts';
import { HandoffRecords } from '../../../src/shared/relay/handoff-records.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { startWithLeads } from '../nudges/local-setup.ts';
import { AE, ANSWERS, dmsTo, MARKETING, OTHER_AE, openQualify, SDR } from './setup.ts';

/*
 * Whose nudges cover a lead in the relay (issue 14 item 4): a lead handed off and not yet accepted
 * is covered by the accept SLA, so it is on no first-touch clock of the AE's (digest, alert, Home,
 * /leads, the SLA index); once accepted, the AE's first-touch clock runs from the accept.
 *
 * The org here maps "Handed Off" to an untouched, open SLA status (an admin who wants handed-off
 * leads on a clock): without the relay's coverage the AE's first-touch clock would run from the
 * hand-off and the lead would be overdue for them a month later, accepted or not. (With the default
 * mapping "Handed Off" is not an open status at all, so nothing is nudged either way.)
 */

const POLICY = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'] },
  sla: {
    ...roundTheClockSla,
    statuses: {
      untouched: ['Open - Not Contacted', 'Handed Off'],
      open: ['Open - Not Contacted', 'Working - Contacted', 'Handed Off'],
    },
  },
  relay: {
    qualifiers: { roles: [], people: [SDR.slackId] },
    aes: [AE.salesforceId, OTHER_AE.salesforceId],
    routing: { kind: 'named', ae: AE.salesforceId },
    nurtureOwner: MARKETING.salesforceId,
  },
});

const MONTH_MS = 30 * 86_400_000;

describe("the relay and the AE's nudges", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('a lead awaiting the accept is on no clock of the AE; the accept starts their first-touch clock', async () => {
    const started = await startWithLeads(
      fixture.prefix,
      [{ name: 'Alpha', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 2 }],
      Date.now(),
      POLICY,
    );
    local = started.local;
    const app = local;
    const { services } = app.app;
    const alpha = started.ids['Alpha'] ?? '';
    const index = new SlaIndexStore(services);

    const viewId = await openQualify(app, SDR.slackId, alpha);
    await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    const dm = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => JSON.stringify(m.blocks).includes('relay.accept')),
      "the AE's DM",
    );
    await runSync(services, { force: true });
    await waitForQueuesToDrain(services.jobs);
    expect((await services.store.get('Lead', alpha))?.OwnerId).toBe(AE.salesforceId);

    const monthLater = new Date(Date.now() + MONTH_MS);
    expect((await urgentLeadsOf(services, AE.salesforceId, monthLater)).map((c) => c.lead.Id)).toEqual([]);
    expect((await index.dueLeadIds([AE.salesforceId], monthLater)).get(AE.salesforceId) ?? []).toEqual([]);
    // No assignment alert to the AE either: the relay's own DM is the only message they got.
    expect(dmsTo(app, AE.slackId).filter((m) => m.ts !== dm.ts)).toEqual([]);

    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
    const handoffs = new HandoffRecords(services.redis, services.keys);
    const accepted = await waitFor(async () => {
      const handoff = await handoffs.get(alpha);
      return handoff?.state === 'accepted' ? handoff : undefined;
    }, 'the accept');
    await runSync(services, { force: true });
    await waitForQueuesToDrain(services.jobs);

    const urgent = await urgentLeadsOf(services, AE.salesforceId, monthLater);
    expect(urgent.map((c) => [c.lead.Id, c.clock.kind, c.clock.state])).toEqual([
      [alpha, 'first-touch', 'overdue'],
    ]);
    // The AE's clock started at the accept, not at the hand-off or the lead's creation.
    const dueAt = urgent[0]?.clock.dueAt?.getTime() ?? 0;
    expect(dueAt).toBeGreaterThan(Date.parse(accepted.decidedAt ?? ''));
    expect((await index.dueLeadIds([AE.salesforceId], monthLater)).get(AE.salesforceId)).toEqual([alpha]);
  });
});
