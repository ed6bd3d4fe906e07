import { afterEach, describe, expect, it } from 'vitest';
import { demoRepIds } from '@bullpen/demo-company';
import { generateDataset, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { loadRecordsFromSalesforce } from '../../../src/features/contests/app/salesforce-records.ts';
import { ScoringLookups } from '../../../src/features/contests/app/scoring-lookups.ts';
import { firstTouchDueAt } from '../../../src/shared/sla/lead-clock.ts';
import { resolveTimeZone } from '../../../src/shared/sla/sla-policy.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';
import { makeContest } from './fixtures.ts';
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

describe('the SLA hit-rate recount reads leads reassigned in the window', () => {
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('as well as leads created in it', async () => {
    let nowMs = Date.parse('2026-03-01T12:00:00Z'); // the day before the contest window opens
    const started = await emulatorWithConnection({ seed: 'empty', now: () => nowMs });
    emulator = started.emulator;
    emulator.store.load('User', generateDataset({ leads: 0, now: nowMs }).User);
    const [repA = '', repB = ''] = demoRepIds;
    const moved = emulator.store.insert('Lead', { LastName: 'Moved', Company: 'M', OwnerId: repA });
    const stayed = emulator.store.insert('Lead', { LastName: 'Stayed', Company: 'S', OwnerId: repB });
    nowMs = Date.parse('2026-03-03T14:00:00Z');
    emulator.store.update('Lead', String(moved['Id']), { OwnerId: repB });
    const fresh = emulator.store.insert('Lead', { LastName: 'Fresh', Company: 'F', OwnerId: repB });
    nowMs = Date.parse('2026-03-05T14:00:00Z');

    const contest = makeContest({ metric: 'sla_hit_rate' });
    const records = await loadRecordsFromSalesforce(started.conn, contest, [repB], new Date(nowMs));
    expect(records.leads.map((lead) => lead.Id).sort()).toEqual([moved['Id'], fresh['Id']].sort());
    expect(records.leads.map((lead) => lead.Id)).not.toContain(stayed['Id']);
  });
});
