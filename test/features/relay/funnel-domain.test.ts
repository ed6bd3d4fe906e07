import { describe, expect, it } from 'vitest';
import { parseFunnelPeriod } from '../../../src/features/relay/domain/funnel-period.ts';
import {
  compareFunnels,
  disqualifyReasonOf,
  leadsBehind,
  NO_REASON,
  stepsOf,
  topReasons,
  type FunnelLead,
} from '../../../src/features/relay/domain/funnel.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T12:00:00Z'); // a Monday

const lead = (id: string, daysAgo: number, over: Partial<FunnelLead> = {}): FunnelLead => ({
  id,
  name: id,
  company: null,
  createdAt: new Date(NOW.getTime() - daysAgo * DAY),
  source: 'Web',
  campaigns: ['(no campaign)'],
  workedWithinSla: false,
  handoff: null,
  returnReason: null,
  disqualifyReason: null,
  converted: false,
  ...over,
});

describe('funnel periods', () => {
  it('defaults to the last 7 days against the 7 before', () => {
    const parsed = parseFunnelPeriod('', NOW, 'UTC');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.period.text).toBe('7d');
    expect(parsed.period.current).toEqual({ start: new Date(NOW.getTime() - 7 * DAY), end: NOW });
    expect(parsed.period.previous).toEqual({
      start: new Date(NOW.getTime() - 14 * DAY),
      end: new Date(NOW.getTime() - 7 * DAY),
    });
    expect(parsed.period.label).toBe('last 7 days (Nov 23 – Nov 30)');
  });

  it('reads days, weeks and months in the given time zone', () => {
    const read = (text: string) => {
      const parsed = parseFunnelPeriod(text, NOW, 'UTC');
      if (!parsed.ok) throw new Error(parsed.error);
      const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];
      return {
        text: parsed.period.text,
        current: iso(parsed.period.current),
        previous: iso(parsed.period.previous),
      };
    };
    expect(read('30 days').previous[0]).toBe('2026-10-01T12:00:00.000Z');
    expect(read('Last  Week')).toEqual({
      text: 'last week',
      current: ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
      previous: ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    });
    expect(read('this week').previous).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-23T12:00:00.000Z']);
    expect(read('last month')).toMatchObject({
      current: ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      previous: ['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
    });
    expect(read('this month').current).toEqual(['2026-11-01T00:00:00.000Z', NOW.toISOString()]);
    // 29 days and 12 hours into November; October's same stretch.
    expect(read('this month').previous).toEqual(['2026-10-01T00:00:00.000Z', '2026-10-30T12:00:00.000Z']);
    const ny = parseFunnelPeriod('last week', NOW, 'America/New_York');
    expect(ny.ok && ny.period.current.start.toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it('refuses what it cannot read, saying what it can', () => {
    expect(parseFunnelPeriod('fortnight', NOW, 'UTC')).toEqual({
      ok: false,
      error: expect.stringMatching(/can't read `fortnight`.*`7d`, `30d`.*`last month`/),
    });
    expect(parseFunnelPeriod('0d', NOW, 'UTC')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/1 to 365 days/),
    });
    expect(parseFunnelPeriod('400d', NOW, 'UTC')).toMatchObject({ ok: false });
  });
});

describe('funnel computation', () => {
  const window7 = { start: new Date(NOW.getTime() - 7 * DAY), end: NOW };
  const leads = [
    lead('a', 1, { workedWithinSla: true, handoff: 'accepted', campaigns: ['C1'] }),
    lead('b', 2, {
      workedWithinSla: true,
      handoff: 'returned',
      returnReason: 'No budget',
      campaigns: ['C1', 'C2'],
    }),
    lead('c', 3, { source: 'Webinar', disqualifyReason: 'Spam', campaigns: ['C2'] }),
    lead('d', 4, { source: 'Webinar', handoff: 'pending', converted: true }),
    lead('e', 9, { workedWithinSla: true }), // the period before
    lead('f', 20), // older than both
  ];

  it('counts each lead in every step it reached, by source and campaign, with the period before', () => {
    expect(stepsOf(leads[1] as FunnelLead)).toEqual(['in', 'worked', 'qualified', 'returned']);
    const { current, previous } = compareFunnels(leads, {
      current: window7,
      previous: { start: new Date(NOW.getTime() - 14 * DAY), end: window7.start },
    });
    expect(current.overall).toEqual({
      steps: { in: 4, worked: 2, qualified: 3, accepted: 1, returned: 1, disqualified: 1, converted: 1 },
      returnReasons: { 'No budget': 1 },
      disqualifyReasons: { Spam: 1 },
    });
    expect(current.bySource['Web']?.steps).toMatchObject({ in: 2, worked: 2, qualified: 2, disqualified: 0 });
    expect(current.bySource['Webinar']?.steps).toMatchObject({
      in: 2,
      qualified: 1,
      converted: 1,
      disqualified: 1,
    });
    expect(current.byCampaign['C1']?.steps).toMatchObject({ in: 2, accepted: 1, returned: 1 });
    expect(current.byCampaign['C2']?.steps).toMatchObject({ in: 2, returned: 1, disqualified: 1 });
    expect(current.byCampaign['(no campaign)']?.steps.in).toBe(1);
    expect(previous.overall.steps).toMatchObject({ in: 1, worked: 1, qualified: 0 });
  });

  it('lists the leads behind a number, newest first, at most the limit', () => {
    expect(leadsBehind(leads, { window: window7, group: { kind: 'all' }, step: 'qualified' })).toMatchObject({
      total: 3,
      leads: [{ id: 'a' }, { id: 'b' }, { id: 'd' }],
    });
    const byCampaign = leadsBehind(leads, {
      window: window7,
      group: { kind: 'campaign', key: 'C2' },
      step: 'in',
    });
    expect(byCampaign.leads.map((l) => l.id)).toEqual(['b', 'c']);
    const byReason = { window: window7, group: { kind: 'all' } as const, step: 'returned' as const };
    expect(leadsBehind(leads, { ...byReason, reason: 'No budget' }).total).toBe(1);
    expect(leadsBehind(leads, { ...byReason, reason: 'No need' }).total).toBe(0);
    const many = Array.from({ length: 25 }, (_, i) => lead(`m${i}`, 1 + i / 100));
    const first = leadsBehind(many, { window: window7, group: { kind: 'source', key: 'Web' }, step: 'in' });
    expect(first.total).toBe(25);
    expect(first.leads.map((l) => l.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('reads the disqualify reason from the latest Disqualify task', () => {
    const status = 'Closed - Not Converted';
    const tasks = [
      { Subject: `Status: ${status} - Bad data`, CreatedDate: '2026-11-01T10:00:00.000+0000' },
      { Subject: `Status: ${status} - Duplicate`, CreatedDate: '2026-11-02T10:00:00.000+0000' },
      { Subject: 'Call', CreatedDate: '2026-11-03T10:00:00.000+0000' },
    ];
    expect(disqualifyReasonOf({ Status: status }, tasks, status)).toBe('Duplicate');
    expect(disqualifyReasonOf({ Status: status }, [], status)).toBe(NO_REASON);
    expect(disqualifyReasonOf({ Status: 'Working - Contacted' }, tasks, status)).toBeNull();
    expect(topReasons({ b: 2, a: 2, c: 5, d: 1 }, 3)).toEqual([
      ['c', 5],
      ['a', 2],
      ['b', 2],
    ]);
  });
});
