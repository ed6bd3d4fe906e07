import type { StickReport, StickRow } from './stick-report.ts';

/**
 * The did-it-stick chart as an SVG string: two panels of before/during/after bars, the follow-up
 * rate within SLA and the contest's own metric. Pure, so its shapes are tested without rendering;
 * app/stick-chart-png.ts turns it into the PNG Slack shows.
 */

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const PANEL_WIDTH = 300;
const PLOT_TOP = 70;
const PLOT_HEIGHT = 190;
const BAR_WIDTH = 64;
const COLOURS = { before: '#9aa5b1', during: '#2f80ed', after: '#27ae60' } as const;

export interface ChartPanel {
  title: string;
  /** One value per window (null: nothing to show) and how each value reads on its bar. */
  values: (number | null)[];
  labels: string[];
  /** The value of a full-height bar. */
  max: number;
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const text = (x: number, y: number, size: number, body: string, extra = ''): string =>
  `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" text-anchor="middle"${extra}>${escapeXml(body)}</text>`;

function panelSvg(panel: ChartPanel, left: number): string {
  const parts = [text(left + PANEL_WIDTH / 2, 50, 16, panel.title, ' font-weight="bold"')];
  const names = ['before', 'during', 'after'] as const;
  const baseline = PLOT_TOP + PLOT_HEIGHT;
  names.forEach((name, index) => {
    const x = left + 20 + index * (BAR_WIDTH + 24);
    const value = panel.values[index] ?? null;
    const height = value === null || panel.max <= 0 ? 0 : Math.round((PLOT_HEIGHT * value) / panel.max);
    parts.push(
      `<rect x="${x}" y="${baseline - height}" width="${BAR_WIDTH}" height="${height}" fill="${COLOURS[name]}"/>`,
      text(x + BAR_WIDTH / 2, baseline - height - 6, 14, panel.labels[index] ?? ''),
      text(x + BAR_WIDTH / 2, baseline + 20, 14, name),
    );
  });
  parts.push(
    `<line x1="${left + 10}" y1="${baseline}" x2="${left + PANEL_WIDTH - 10}" y2="${baseline}" stroke="#333"/>`,
  );
  return parts.join('');
}

export function chartSvg(title: string, panels: readonly [ChartPanel, ChartPanel]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(CHART_WIDTH / 2, 24, 18, title, ' font-weight="bold"'),
    panelSvg(panels[0], 10),
    panelSvg(panels[1], 10 + PANEL_WIDTH + 20),
    '</svg>',
  ].join('');
}

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${Math.round(rate * 100)}%`);

/** The report's chart: follow-up rate (0-100%) and the contest metric (scaled to its largest window). */
export function stickChartSvg(report: StickReport, contestName: string, metricTitle: string): string {
  const rows: readonly StickRow[] = report.rows;
  const isRate = report.metric === 'sla_hit_rate';
  const metrics = rows.map((row) => row.metric);
  const largest = Math.max(0, ...metrics.map((value) => value ?? 0));
  return chartSvg(`Did it stick? ${contestName}`, [
    {
      title: 'Follow-up rate within SLA',
      values: rows.map((row) => row.followUpRate),
      labels: rows.map((row) => percent(row.followUpRate)),
      max: 1,
    },
    {
      title: metricTitle,
      values: metrics,
      labels: metrics.map((value) => (isRate ? percent(value) : value === null ? 'n/a' : String(value))),
      max: isRate ? 1 : largest,
    },
  ]);
}
