import type { KnownBlock } from '@slack/types';
import type { HomeSection } from '../../../shared/home/section.ts';
import type { WeeklyDigestSection } from '../../../shared/weekly/section.ts';
import type { RelayDeps } from '../app/deps.ts';
import { funnelFor } from '../app/funnel.ts';
import { FUNNEL_HOME_PERIOD, homeFunnelFor, type StoredFunnel } from '../app/funnel-home.ts';
import type { FunnelComparison } from '../domain/funnel.ts';
import { campaignTitle, groupKeys, groupSection, moreNote, sourceTitle } from './funnel-blocks.ts';

/** The funnel on marketing's and admins' Home, and in marketing's weekly digest. */

const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text, emoji: true },
});
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** All leads, then the biggest sources and campaigns, within `room` blocks. */
function groupBlocks(
  comparison: FunnelComparison,
  campaigns: Record<string, string>,
  drillPeriod: string | null,
  room: number,
): KnownBlock[] {
  const sources = groupKeys(comparison, 'bySource');
  const campaignKeys = groupKeys(comparison, 'byCampaign');
  const perDimension = Math.max(0, Math.floor((room - 5) / 2));
  const shownSources = sources.slice(0, perDimension);
  const shownCampaigns = campaignKeys.slice(0, perDimension);
  return [
    groupSection('*All leads*', comparison, { kind: 'all' }, drillPeriod),
    context('*By lead source*'),
    ...shownSources.map((key) =>
      groupSection(sourceTitle(key), comparison, { kind: 'source', key }, drillPeriod),
    ),
    ...moreNote(sources.length - shownSources.length, 'sources'),
    context('*By campaign*'),
    ...shownCampaigns.map((key) =>
      groupSection(campaignTitle(key, campaigns), comparison, { kind: 'campaign', key }, drillPeriod),
    ),
    ...moreNote(campaignKeys.length - shownCampaigns.length, 'campaigns'),
  ].slice(0, room);
}

const HOME_GROUPS_ROOM = 14;

export function homeFunnelBlocks(stored: StoredFunnel | null, maxBlocks: number): KnownBlock[] {
  if (!stored) {
    return [
      header('Marketing funnel'),
      context('Computing the funnel of the last 7 days… Home shows it in a moment.'),
    ];
  }
  const minutes = stored.computedAt.toISOString().slice(11, 16);
  return [
    header('Marketing funnel · last 7 days vs the 7 before'),
    ...groupBlocks(
      stored.comparison,
      stored.campaigns,
      FUNNEL_HOME_PERIOD,
      Math.min(HOME_GROUPS_ROOM, maxBlocks - 2),
    ),
    context(`Computed at ${minutes} UTC. \`/funnel 30d\` (or \`last month\`, …) for other periods.`),
  ].slice(0, maxBlocks);
}

export const funnelHomeSection = (deps: Pick<RelayDeps, 'redis' | 'keys' | 'jobs'>): HomeSection => ({
  order: 35,
  name: 'relay.funnel',
  appliesTo: (viewer) => viewer.roles.has('marketing') || viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    return homeFunnelBlocks(await homeFunnelFor(deps, viewer.slackUserId, viewer.now), maxBlocks);
  },
});

/** The digest's funnel: the reported week's leads against the week before, with the top reasons per source. */
export const funnelDigestSection = (
  deps: Pick<RelayDeps, 'config' | 'store' | 'redis' | 'keys'>,
): WeeklyDigestSection => ({
  order: 50,
  name: 'relay.funnel',
  async render(digest, maxBlocks) {
    const period = {
      text: 'last week',
      label: digest.weekLabel,
      current: digest.week,
      previous: digest.previousWeek,
    };
    const view = await funnelFor(deps, period, digest.now);
    return [
      { type: 'divider' },
      header(`Relay funnel · leads created ${digest.weekLabel}`),
      ...groupBlocks(view.comparison, view.campaigns, null, Math.max(0, maxBlocks - 2)),
    ].slice(0, maxBlocks) as KnownBlock[];
  },
});
