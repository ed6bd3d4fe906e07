// Business time per lead (issue 15 item 3): the scan's two clock calls for one lead (its due instant,
// then how far past it now is) with the O(1) timeline against the step-by-step clock it replaced
// (kept as the test oracle in test/shared/sla/step-by-step-clock.ts), for a lead overdue by a day and
// by a year: the old cost grew with how long a lead had been overdue. New York, Monday to Friday
// 09:00–17:00 with two holidays; both clocks warmed on the same instants first.
import { addBusinessHours, businessHoursBetween } from '../src/shared/sla/business-clock.ts';
import { businessCalendarSchema } from '../src/shared/sla/sla-policy.ts';
import { stepAddBusinessHours, stepBusinessHoursBetween } from '../test/shared/sla/step-by-step-clock.ts';

type Clock = {
  add: typeof addBusinessHours;
  between: typeof businessHoursBetween;
};

const NEW: Clock = { add: addBusinessHours, between: businessHoursBetween };
const OLD: Clock = { add: stepAddBusinessHours, between: stepBusinessHoursBetween };
const calendar = businessCalendarSchema.parse({ holidays: ['2026-11-26', '2026-12-25'] });
const ZONE = 'America/New_York';
const NOW = Date.parse('2026-11-30T17:00:00Z');
const DAY = 86_400_000;

/** Microseconds per lead, best of 5 rounds (the machine is shared; the best round is the least disturbed). */
function perLead(clock: Clock, overdueDays: number, leads: number): number {
  const now = new Date(NOW);
  const lead = (i: number): void => {
    const created = new Date(NOW - overdueDays * DAY + (i % 100) * 60_000);
    clock.between(clock.add(created, 4, ZONE, calendar), now, ZONE, calendar);
  };
  for (let i = 0; i < 100; i += 1) lead(i);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    for (let i = 0; i < leads; i += 1) lead(i);
    best = Math.min(best, ((performance.now() - started) / leads) * 1000);
  }
  return best;
}

const round = (value: number): number => Number(value.toPrecision(3));

export function benchBusinessClock(): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [label, days, oldLeads] of [
    ['Day', 1, 5_000],
    ['Year', 365, 500],
  ] as const) {
    const fresh = perLead(NEW, days, 20_000);
    const old = perLead(OLD, days, oldLeads);
    result[`newMicrosPerLeadOverdue1${label}`] = round(fresh);
    result[`oldMicrosPerLeadOverdue1${label}`] = round(old);
    result[`oldOverNewOverdue1${label}`] = Math.round(old / fresh);
  }
  return result;
}
