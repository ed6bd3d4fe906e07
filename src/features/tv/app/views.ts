import { createHash } from 'node:crypto';
import type { TeamScope, TvPanel, TvPanelData } from '../../../shared/tv/panel.ts';
import type { TvDeps } from '../deps.ts';
import { panelsHtml } from '../domain/html.ts';
import type { TvLink } from '../store.ts';

/** One screen's view: what the panels say now, rendered, with a hash to tell a change. */
export interface TvView {
  title: string;
  hash: string;
  html: string;
  panels: TvPanelData[];
}

/** The manager's team as the store and people directory know it now (a team changes over time). */
export async function teamScopeOf(
  deps: Pick<TvDeps, 'people' | 'store'>,
  link: Pick<TvLink, 'managerSlackId' | 'showLeadNames'>,
  now: Date,
): Promise<TeamScope> {
  const managerSalesforceId = await deps.people.salesforceIdFor(link.managerSlackId);
  const reports = managerSalesforceId ? await deps.store.reportsOf(managerSalesforceId) : [];
  const ownerIds = managerSalesforceId ? [managerSalesforceId, ...reports] : [];
  const slackIds = await Promise.all(ownerIds.map((id) => deps.people.slackIdFor(id)));
  const members = new Set([link.managerSlackId, ...slackIds.filter((id): id is string => id !== null)]);
  return {
    managerSlackId: link.managerSlackId,
    managerSalesforceId,
    ownerIds,
    memberSlackIds: [...members],
    showLeadNames: link.showLeadNames,
    now,
  };
}

/** A panel that fails shows as empty rather than taking the whole screen down. */
async function loadPanel(deps: TvDeps, panel: TvPanel, scope: TeamScope): Promise<TvPanelData | null> {
  try {
    return await panel.load(scope);
  } catch (error) {
    deps.logger.warn({ err: error, panel: panel.name }, 'TV panel failed');
    return null;
  }
}

export async function computeView(deps: TvDeps, link: TvLink, now = new Date()): Promise<TvView> {
  const scope = await teamScopeOf(deps, link, now);
  const ordered = [...deps.panels].sort((x, y) => x.order - y.order);
  const loaded = await Promise.all(ordered.map((panel) => loadPanel(deps, panel, scope)));
  const panels = loaded.filter((p): p is TvPanelData => p !== null);
  const html = panelsHtml(panels);
  const manager = scope.managerSalesforceId ? await deps.store.get('User', scope.managerSalesforceId) : null;
  const title = manager ? `${manager.Name}'s team` : 'Team board';
  return { title, hash: createHash('sha256').update(html).digest('hex').slice(0, 16), html, panels };
}

/** Screens showing the same team with the same options share one computed view. */
export const viewKey = (link: Pick<TvLink, 'managerSlackId' | 'showLeadNames'>): string =>
  `${link.managerSlackId}|${link.showLeadNames ? 'names' : 'no-names'}`;
