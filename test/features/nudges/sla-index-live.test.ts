import { afterEach, describe, expect, it } from 'vitest';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { slaIndexReady } from '../../../src/features/nudges/app/sla-reindex.ts';
import { SLA_REFRESH_SCHEDULER_ID } from '../../../src/features/nudges/jobs.ts';
import { nudgesQueue } from '../../../src/features/nudges/queue.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from './fixtures.ts';
import { REP1, REP2, startWithLeads } from './local-setup.ts';

/*
 * The SLA index in a running bullpen: the first scan reads every lead (the index is not built) and
 * starts the build; a lead synced after that reaches the index through sync's events, and the next
 * scan, reading the index alone, lists it. 24/7 calendar: Web leads are due in 4 h.
 */

describe('the SLA index in a running bullpen', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('is built after the first scan and then learns of synced changes from their events', async () => {
    const started = await startWithLeads(fixture.prefix, [
      { name: 'Overdue-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 30 },
    ]);
    local = started.local;
    const { services } = local.app;
    const first = await runNudgeScan(services, { now: new Date() });
    expect(first.source).toBe('full');
    await waitForQueuesToDrain(services.jobs);
    expect(await slaIndexReady(services)).toBe(true);
    const schedulers = await services.jobs.queue(nudgesQueue).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(SLA_REFRESH_SCHEDULER_ID);

    // A lead REP2 got 10 hours ago, synced as a change: its event indexes it.
    local.emulator.store.insert('Lead', {
      LastName: 'Late-Arrival',
      Company: 'Late Inc',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
      OwnerId: REP2.salesforceId,
      CreatedDate: sfDateTime(new Date(Date.now() - 10 * 3_600_000).toISOString()),
    });
    await runSync(services, { force: true });
    await waitForQueuesToDrain(services.jobs);

    const now = new Date(Date.now() + 26 * 3_600_000);
    const next = await runNudgeScan(services, { now });
    expect(next.source).toBe('index');
    const windowId = digestWindowId(now, services.config.policy.sla);
    expect(next.repDigests.sort()).toEqual(
      [digestJobId(REP1.salesforceId, windowId), digestJobId(REP2.salesforceId, windowId)].sort(),
    );
  });
});
