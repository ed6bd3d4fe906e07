import { afterEach, describe, expect, it } from 'vitest';
import { ownerQueue, urgentLeadsOf } from '../../../src/features/nudges/app/lead-loader.ts';
import { computeReport, followUpAnswer, loadReportData } from '../../../src/features/nudges/app/reports.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import { buildWeeklyDigest } from '../../../src/features/nudges/app/weekly-digest.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from './fixtures.ts';
import { REP1, REP2, startWithLeads } from './local-setup.ts';

/*
 * 24/7 calendar (local-setup.ts): business hours are wall-clock hours; a Web lead's first-touch SLA
 * is 4 h. Each lead is created as REP1's and given to REP2 "now", a change the next sync sees.
 */

const HOUR = 3_600_000;

describe("a reassigned lead's SLA starts at its reassignment", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function reassign(leadId: string): Promise<Date> {
    if (!local) throw new Error('no bullpen');
    const moved = local.emulator.store.update('Lead', leadId, { OwnerId: REP2.salesforceId });
    await runSync(local.app.services, { force: true });
    return new Date(String(moved['SystemModstamp']));
  }

  it("is not overdue for the new owner right after the reassignment, and is once the new owner's SLA passes", async () => {
    const started = await startWithLeads(fixture.prefix, [
      { name: 'Moved-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 48 },
    ]);
    local = started.local;
    const { services } = local.app;
    const leadId = started.ids['Moved-Web'] ?? '';
    const reassignedAt = await reassign(leadId);
    const now = new Date();

    const queue = await ownerQueue(services, REP2.salesforceId, { now });
    expect(queue.clocked.map((c) => [c.lead.Id, c.clock.state])).toEqual([[leadId, 'on-track']]);
    expect(queue.clocked[0]?.clock.dueAt?.getTime()).toBe(reassignedAt.getTime() + 4 * HOUR);
    expect(await urgentLeadsOf(services, REP2.salesforceId, now)).toEqual([]);
    const scan = await runNudgeScan(services, { now });
    const windowId = digestWindowId(now, services.config.policy.sla);
    expect(scan.repDigests).not.toContain(digestJobId(REP2.salesforceId, windowId));

    const later = new Date(reassignedAt.getTime() + 5 * HOUR);
    const laterQueue = await ownerQueue(services, REP2.salesforceId, { now: later });
    expect(laterQueue.clocked[0]?.clock).toMatchObject({ state: 'overdue', overdueByBusinessHours: 1 });
    expect((await urgentLeadsOf(services, REP2.salesforceId, later)).map((c) => c.lead.Id)).toEqual([leadId]);
  });

  it('the lead-level follow-up rate counts a touch by the previous owner, and reports say their basis', async () => {
    const started = await startWithLeads(fixture.prefix, [
      { name: 'Called-Web', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 10 },
    ]);
    local = started.local;
    const { services } = local.app;
    const leadId = started.ids['Called-Web'] ?? '';
    // REP1 called it an hour after it came in (status left as it was), then it went to REP2.
    local.emulator.store.insert('Task', {
      WhoId: leadId,
      OwnerId: REP1.salesforceId,
      Subject: 'Call',
      TaskSubtype: 'Call',
      Type: 'Call',
      Status: 'Completed',
      CreatedDate: sfDateTime(new Date(Date.now() - 9 * HOUR).toISOString()),
    });
    await runSync(services, { force: true });
    await reassign(leadId);
    const now = new Date();

    const data = await loadReportData(services, { kind: 'all' });
    const period = { start: new Date(now.getTime() - 7 * 24 * HOUR), end: now };
    const report = await computeReport(services, data, period, now);
    expect(report.overall).toMatchObject({ leadsDue: 1, touchedWithinSla: 1, followUpRate: 1 });
    expect(report.byRep[REP2.salesforceId]).toMatchObject({ leadsDue: 1, touchedWithinSla: 1 });
    // REP2's own clock is another matter: untouched by REP2 since the reassignment, so on track.
    const queue = await ownerQueue(services, REP2.salesforceId, { now });
    expect(queue.clocked[0]?.clock).toMatchObject({ kind: 'first-touch', state: 'on-track' });

    const basis = /Basis: the rate counts the first touch by anyone from the lead's creation/;
    expect(JSON.stringify(await followUpAnswer(services, REP2.slackId, now))).toMatch(basis);
    expect(JSON.stringify((await buildWeeklyDigest(services, now)).message.blocks)).toMatch(basis);
  });
});
