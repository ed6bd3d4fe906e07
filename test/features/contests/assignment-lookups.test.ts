import { afterEach, describe, expect, it } from 'vitest';
import { ScoringLookups } from '../../../src/features/contests/app/scoring-lookups.ts';
import { firstTouchDueAt } from '../../../src/shared/sla/lead-clock.ts';
import { resolveTimeZone } from '../../../src/shared/sla/sla-policy.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { person, startContestBullpen } from './local-helpers.ts';

describe('contest scoring learns when each lead reached its owner', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it("a lead reassigned in Salesforce is due under the new owner's SLA from the reassignment", async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const { services } = local.app;
    const [from, to] = [person('rep', 0), person('rep', 1)];
    const created = local.emulator.store.insert('Lead', {
      LastName: 'Moved',
      Company: 'Moved Inc',
      LeadSource: 'Web',
      OwnerId: from.salesforceId,
      CreatedDate: new Date(Date.now() - 5 * 86_400_000).toISOString(),
    });
    await runSync(services, { force: true });
    const moved = local.emulator.store.update('Lead', String(created['Id']), { OwnerId: to.salesforceId });
    await runSync(services, { force: true });
    const lead = await services.store.get('Lead', String(created['Id']));
    if (!lead) throw new Error('the lead did not sync');

    const context = await new ScoringLookups(services).contextFor({ leads: [lead], tasks: [] }, new Date(), {
      needsSla: true,
    });
    const reassignedAt = new Date(String(moved['SystemModstamp']));
    expect(context.assignedAt?.(lead)).toEqual(reassignedAt);
    const policy = services.config.policy.sla;
    const zone = resolveTimeZone((await services.store.get('User', to.salesforceId))?.TimeZoneSidKey, policy);
    expect(context.firstTouchDueAt(lead)).toEqual(firstTouchDueAt(lead, zone, policy, reassignedAt));
    expect(context.firstTouchDueAt(lead)).not.toEqual(firstTouchDueAt(lead, zone, policy));
  });
});
