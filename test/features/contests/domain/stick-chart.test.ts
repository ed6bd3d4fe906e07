import { describe, expect, it } from 'vitest';
import { svgToPng, PNG_SIGNATURE } from '../../../../src/features/contests/app/stick-chart-png.ts';
import { stickChartSvg } from '../../../../src/features/contests/domain/stick-chart.ts';
import type { StickReport, StickRow } from '../../../../src/features/contests/domain/stick-report.ts';

const row = (
  name: StickRow['window']['name'],
  followUpRate: number | null,
  metric: number | null,
): StickRow => ({
  window: { name, start: new Date(0), end: new Date(1) },
  leadsDue: 0,
  touchedWithinSla: 0,
  followUpRate,
  medianHoursToFirstTouch: null,
  metric,
});
const report: StickReport = {
  contestId: 'ctest01',
  metric: 'followups',
  at: new Date(0),
  rows: [row('before', 0.5, 2), row('during', 1, 4), row('after', null, 1)],
  afterComplete: true,
};

describe('did-it-stick chart', () => {
  it('draws bars in proportion: rates against 100%, the metric against its largest window', () => {
    const svg = stickChartSvg(report, 'Blitz <Q1> & co', 'Follow-ups');
    const heights = [...svg.matchAll(/<rect x="\d+" y="\d+" width="64" height="(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    // Plot height 190: 50% -> 95, 100% -> 190, n/a -> 0; points 2, 4, 1 of 4 -> 95, 190, 48 (47.5 rounded).
    expect(heights).toEqual([95, 190, 0, 95, 190, 48]);
    expect(svg).toContain('Blitz &lt;Q1&gt; &amp; co');
    expect(svg).toContain('>n/a<');
  });

  it('renders to a PNG without a browser', () => {
    const png = svgToPng(stickChartSvg(report, 'Blitz', 'Follow-ups'));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});
