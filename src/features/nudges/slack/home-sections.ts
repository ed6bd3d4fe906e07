import { relayRowOffers } from '../../../shared/relay/actions.ts';
import type { KnownBlock } from '@slack/types';
import type { HomeSection, HomeViewer } from '../../../shared/home/section.ts';
import { instanceUrl, urgentLeadsOf } from '../app/lead-loader.ts';
import {
  comparePeriods,
  DAY_MS,
  loadReportData,
  namesFor,
  nudgeActionRate,
  type ReportDeps,
} from '../app/reports.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { orgRollupFor } from '../app/org-rollup.ts';
import { buildLeadsList, leadsTabUrl } from './blocks.ts';
import { nudgeRateSection } from './nudge-rate-section.ts';
import { slaIndexSection } from './sla-index-section.ts';
import { buildFollowUpReport } from './report-blocks.ts';
import { orgRollupBlocks, orgRollupPending } from './rollup-blocks.ts';

/**
 * The SLA engine's App Home sections: a rep's overdue and due-soon leads (with the digest's
 * buttons), the org-wide roll-up for executives and admins, a manager's team follow-up rate and
 * overdue leads by rep, and the admin's nudge-to-action rate. All read from Redis only.
 */

/** Keeps whole lead pairs (section + actions) within `maxBlocks`, ending with a pointer to `where`. */
export function fitLeadBlocks(blocks: KnownBlock[], maxBlocks: number, where: string): KnownBlock[] {
  if (blocks.length <= maxBlocks) return blocks;
  if (maxBlocks < 3) return blocks.slice(0, Math.max(0, maxBlocks));
  const head = blocks.slice(0, 2);
  const pairs = Math.floor((maxBlocks - 3) / 2);
  const shownPairs = blocks.slice(2, 2 + pairs * 2);
  const hidden = (blocks.filter((b) => b.type === 'actions').length - pairs) | 0;
  return [
    ...head,
    ...shownPairs,
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${hidden} more — ${where}` }],
    },
  ];
}

export type NudgesHomeDeps = LeadReadDeps & ReportDeps & Pick<NudgesDeps, 'jobs'>;

export const repLeadsSection = (deps: LeadReadDeps): HomeSection => ({
  order: 20,
  name: 'nudges.rep-leads',
  appliesTo: (viewer: HomeViewer) => viewer.salesforceUserId !== null,
  async render(viewer, maxBlocks) {
    if (!viewer.salesforceUserId) return [];
    const urgent = await urgentLeadsOf(deps, viewer.salesforceUserId, viewer.now);
    const url = await instanceUrl(deps);
    // `/leads` and digests send their overflow here; Home's own overflow goes to Salesforce, which
    // has every lead (pointing at Home from Home, or at `/leads`' same list, would lead nowhere).
    const moreWhere = `<${leadsTabUrl(url)}|see them all in Salesforce>`;
    const offers = relayRowOffers(deps.config.policy);
    const list = buildLeadsList(urgent, url, deps.config.policy.sla, { moreWhere, offers });
    list.blocks[0] = {
      type: 'header',
      text: { type: 'plain_text', text: 'Leads waiting for you', emoji: true },
    };
    return fitLeadBlocks(list.blocks, maxBlocks, moreWhere);
  },
});

/** Executives' and admins' org-wide follow-up numbers, from the roll-up the worker keeps in Redis. */
export const orgRollupSection = (deps: Pick<NudgesDeps, 'redis' | 'keys' | 'jobs'>): HomeSection => ({
  order: 30,
  name: 'nudges.org-rollup',
  appliesTo: (viewer) => viewer.roles.has('executive') || viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    const cached = await orgRollupFor(deps, viewer.slackUserId, viewer.now);
    const blocks = cached ? orgRollupBlocks(cached.rollup, cached.computedAt) : orgRollupPending();
    return blocks.slice(0, maxBlocks);
  },
});

export const managerTeamSection = (deps: ReportDeps): HomeSection => ({
  order: 40,
  name: 'nudges.team-follow-up',
  appliesTo: (viewer) => viewer.roles.has('manager') && viewer.salesforceUserId !== null,
  async render(viewer, maxBlocks) {
    if (!viewer.salesforceUserId) return [];
    const reports = await deps.store.reportsOf(viewer.salesforceUserId);
    const data = await loadReportData(deps, {
      kind: 'team',
      ownerIds: new Set([viewer.salesforceUserId, ...reports]),
    });
    const now = viewer.now;
    const { report, change } = await comparePeriods(deps, data, {
      start: new Date(now.getTime() - 7 * DAY_MS),
      end: now,
    });
    const message = buildFollowUpReport({
      title: "Your team's follow-up rate · last 7 days vs the 7 before",
      report,
      change,
      names: await namesFor(deps, data.users),
      groupBy: 'byRep',
    });
    return message.blocks.slice(0, maxBlocks);
  },
});

export const adminNudgeSection = (deps: Pick<ReportDeps, 'redis' | 'keys'>): HomeSection => ({
  order: 95,
  name: 'nudges.nudge-to-action',
  appliesTo: (viewer) => viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    const rate = await nudgeActionRate(deps, new Date(viewer.now.getTime() - 7 * DAY_MS), viewer.now);
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'Are nudges working?', emoji: true } },
      nudgeRateSection(rate, 'digests of the last 7 days'),
    ];
    return blocks.slice(0, maxBlocks);
  },
});

export const nudgesHomeSections = (deps: NudgesHomeDeps): HomeSection[] => [
  repLeadsSection(deps),
  orgRollupSection(deps),
  managerTeamSection(deps),
  adminNudgeSection(deps),
  slaIndexSection(deps),
];
