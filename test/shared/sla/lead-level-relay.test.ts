import { describe, expect, it } from 'vitest';
import { factsOf } from '../../../src/features/nudges/app/lead-facts.ts';
import { followUpMetrics } from '../../../src/shared/sla/follow-up-metrics.ts';
import { defaultSlaPolicy } from '../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeLead, makeTask, sfDateTime, userId } from '../../features/nudges/fixtures.ts';

/*
 * The lead-level follow-up rate counts the first touch by anyone (issue 14 item 4): in the relay an
 * SDR works the raw lead and hands it to an AE, who owns it now and has not touched it yet. The lead
 * was still reached in time: it counts as touched within SLA, for the org and for its current
 * owner's row alike.
 *
 * By hand (default policy: 4 business hours for Web leads, 09:00–17:00 Mon–Fri; no owner record, so
 * the fallback zone, UTC):
 *   L1 created Mon 23 Nov 14:00Z, due Tue 10:00Z (3 h on Monday, 1 on Tuesday); the SDR calls Mon
 *      15:00Z and qualifies it to the AE at 16:00Z, who owns it from then. Touched within SLA,
 *      1 business hour to first touch.
 *   L2 the same, but the SDR calls Tue 11:00Z and qualifies at 12:00Z, after the deadline: not
 *      within, 5 business hours.
 * Overall: 2 due, 1 within SLA, rate 0.5; median hours to first touch (1, 5) = 3.
 */

const policy = defaultSlaPolicy();
const SDR = userId(1);
const AE = userId(2);

function handedOffLead(n: number, sdrCallAt: string, handedOffAt: string) {
  const lead = makeLead({
    Id: leadId(n),
    OwnerId: AE,
    LeadSource: 'Web',
    Status: 'Open - Not Contacted',
    CreatedDate: sfDateTime('2026-11-23T14:00:00Z'),
    SystemModstamp: sfDateTime(handedOffAt),
  });
  const tasks = [
    makeTask({ WhoId: lead.Id, OwnerId: SDR, CreatedDate: sfDateTime(sdrCallAt) }),
    makeTask({
      WhoId: lead.Id,
      OwnerId: SDR,
      Subject: `Qualified: handed off to the AE`,
      TaskSubtype: 'Task',
      CreatedDate: sfDateTime(handedOffAt),
    }),
  ];
  return factsOf(lead, { tasks, events: [] }, { policy, snoozedUntil: null, assignedAt: at(handedOffAt) })
    .facts;
}

describe('the lead-level follow-up rate in the relay', () => {
  it("counts the SDR's first touch on a lead the AE now owns and has not touched", () => {
    const leads = [
      handedOffLead(1, '2026-11-23T15:00:00Z', '2026-11-23T16:00:00Z'),
      handedOffLead(2, '2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z'),
    ];
    // The AE's own clock has no touch yet on either: only the lead-level rate sees the SDR's.
    expect(leads.map((facts) => facts.touches.length)).toEqual([0, 0]);
    const report = followUpMetrics({ leads, users: [], now: at('2026-11-25T00:00:00Z'), policy });
    expect(report.overall).toMatchObject({
      leadsDue: 2,
      touchedWithinSla: 1,
      followUpRate: 0.5,
      medianHoursToFirstTouch: 3,
    });
    expect(report.byRep[AE]).toMatchObject({ leadsDue: 2, touchedWithinSla: 1 });
  });
});
