import { afterEach, describe, expect, it } from 'vitest';
import { deliverRepDigest } from '../../../src/features/nudges/app/digest-delivery.ts';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { digestPostsTo, REP1, startWithLeads } from './local-setup.ts';

/*
 * Found by the kill -9 test: a scan retried by another worker after the window turned enqueues the
 * rep's digest for the new window while the old window's digest job still waits. Both jobs ran at
 * once, each read "nothing sent today" before either counted, and the rep got two digests on a day
 * the policy allows one. The daily slot must be claimed atomically.
 */
describe("the daily digest cap with two windows' digests for one rep running at once", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('delivers one of them when the policy allows one digest a day', async () => {
    const started = await startWithLeads(fixture.prefix, [
      { name: 'Overdue-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 30 },
    ]);
    local = started.local;
    const { services } = local.app;
    const policy = services.config.policy.sla;
    expect(policy.nudges.maxDigestsPerDay).toBe(1);
    const now = new Date();
    const windowMs = policy.nudges.digestWindowMinutes * 60_000;
    const windows = [digestWindowId(now, policy), digestWindowId(new Date(now.getTime() + windowMs), policy)];
    const jobFor = (windowId: string) =>
      deliverRepDigest(services, digestJobId(REP1.salesforceId, windowId), {
        recipientSalesforceId: REP1.salesforceId,
        recipientSlackId: REP1.slackId,
        windowId,
        // The same instant for both, so both count against the same local day.
        now: now.toISOString(),
        leadIds: [started.ids['Overdue-Web'] ?? ''],
        moreCount: 0,
      });

    const results = await Promise.all(windows.map(jobFor));
    await waitForQueuesToDrain(services.jobs);

    expect(results.map((r) => r.delivered).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.delivered)?.reason).toBe('daily-cap-reached');
    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(1);
  }, 60_000);
});
