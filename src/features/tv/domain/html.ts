import type { TvBoard, TvListItem, TvPanelData, TvRate } from '../../../shared/tv/panel.ts';

/**
 * The TV page's markup, from the panels' plain data. Every piece of text goes through escapeHtml:
 * contest names, people's names and shout-outs are typed by users.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const percent = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

function boardHtml(board: TvBoard): string {
  const rows = board.rows
    .map(
      (row) =>
        `<li><span class="rank">#${row.rank}</span><span class="name">${escapeHtml(row.name)}</span>` +
        `<span class="score">${escapeHtml(row.score)}</span></li>`,
    )
    .join('');
  return (
    `<div class="board"><h3>${escapeHtml(board.title)}</h3><p class="detail">${escapeHtml(board.detail)}</p>` +
    (rows ? `<ol>${rows}</ol>` : '<p class="empty">No scores yet.</p>') +
    '</div>'
  );
}

const rateHtml = (rate: TvRate, index: number): string =>
  `<div class="rate${index === 0 ? ' now' : ''}"><span class="label">${escapeHtml(rate.label)}</span>` +
  `<span class="value">${percent(rate.rate)}</span>` +
  `<span class="due">${rate.leadsDue} ${rate.leadsDue === 1 ? 'lead' : 'leads'} due</span></div>`;

const itemsHtml = (items: readonly TvListItem[]): string =>
  items.length === 0
    ? ''
    : `<ul>${items.map((i) => `<li><span class="text">${escapeHtml(i.text)}</span><span class="detail">${escapeHtml(i.detail)}</span></li>`).join('')}</ul>`;

function panelBody(panel: TvPanelData): string {
  switch (panel.kind) {
    case 'boards':
      return panel.boards.length === 0
        ? `<p class="empty">${escapeHtml(panel.empty)}</p>`
        : panel.boards.map(boardHtml).join('');
    case 'rates':
      return `<div class="rate-row">${panel.rates.map(rateHtml).join('')}</div>`;
    case 'list':
      return panel.items.length === 0
        ? `<p class="empty">${escapeHtml(panel.empty)}</p>`
        : itemsHtml(panel.items);
    case 'count':
      return `<p class="count"><span class="value">${panel.value}</span> ${escapeHtml(panel.detail)}</p>${itemsHtml(panel.items)}`;
  }
}

/** The panels' markup, as the page shows it and as each server-sent update replaces it. */
export const panelsHtml = (panels: readonly TvPanelData[]): string =>
  panels
    .map((p) => `<section class="panel ${p.kind}"><h2>${escapeHtml(p.title)}</h2>${panelBody(p)}</section>`)
    .join('');
