import type { KnownBlock } from '@slack/types';
import { escapeAndTruncate, truncate } from '../../../platform/slack/text.ts';
import { noticeModal } from '../../../platform/slack/modals.ts';
import type { FunnelView } from '../app/funnel.ts';
import type { DrillDown, DrillQuery } from '../app/funnel.ts';
import { STEP_LABELS } from '../domain/funnel.ts';
import type { FunnelPeriod } from '../domain/funnel-period.ts';
import { campaignTitle, groupKeys, groupSection, moreNote, sourceTitle } from './funnel-blocks.ts';

/** `/funnel`'s answer and the drill-down modal. */

/** Groups listed per dimension; a message holds at most 50 blocks. */
const MAX_GROUPS = 10;
export const FUNNEL_LEADS_VIEW = 'relay.funnel_leads';

const DEFINITIONS =
  'The cohort is the leads created in the period. Worked within SLA: first touch by anyone by the first-touch deadline. Qualified: handed off to an AE; Accepted and Returned: the latest hand-off. Changes are against the period before.';

export function funnelMessage(view: FunnelView): { text: string; blocks: KnownBlock[] } {
  const { period, comparison, campaigns } = view;
  const sources = groupKeys(comparison, 'bySource');
  const campaignKeys = groupKeys(comparison, 'byCampaign');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Funnel · ${period.label}`, 150) } },
    groupSection('*All leads*', comparison, { kind: 'all' }, period.text),
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: '*By lead source*' } },
    ...sources
      .slice(0, MAX_GROUPS)
      .map((key) => groupSection(sourceTitle(key), comparison, { kind: 'source', key }, period.text)),
    ...moreNote(sources.length - MAX_GROUPS, 'sources'),
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: '*By campaign*' } },
    ...campaignKeys
      .slice(0, MAX_GROUPS)
      .map((key) =>
        groupSection(campaignTitle(key, campaigns), comparison, { kind: 'campaign', key }, period.text),
      ),
    ...moreNote(campaignKeys.length - MAX_GROUPS, 'campaigns'),
    { type: 'context', elements: [{ type: 'mrkdwn', text: DEFINITIONS }] },
  ];
  const { steps } = comparison.current.overall;
  const text = `Funnel, ${period.label}: ${steps.in} leads in, ${steps.qualified} qualified, ${steps.converted} converted`;
  return { text, blocks };
}

const DRILL_TITLE = 'Leads behind it';

/** The drill-down modal saying one thing instead of listing leads (a refusal, an old menu). */
export const drillTextModal = (text: string) =>
  noticeModal({ callbackId: FUNNEL_LEADS_VIEW, title: DRILL_TITLE, text });

export const drillLoadingModal = () => drillTextModal('Finding the leads…');

export const OLD_DRILL_MENU = 'That menu is from an older version of bullpen: run `/funnel` again.';

const groupName = (query: DrillQuery, campaigns: Record<string, string>): string => {
  if (query.group.kind === 'all') return 'All leads';
  return query.group.kind === 'source'
    ? sourceTitle(query.group.key)
    : campaignTitle(query.group.key, campaigns);
};

/** The first leads behind a number, each linked to Salesforce. */
export function drillModal(period: FunnelPeriod, query: DrillQuery, drill: DrillDown) {
  const what = `${STEP_LABELS[query.step]}${query.reason ? ` · ${escapeAndTruncate(query.reason, 60)}` : ''}`;
  const shown = drill.total > drill.leads.length ? `, the newest ${drill.leads.length} shown` : '';
  const heading = `${groupName(query, drill.campaigns)} · ${what} · ${period.label}: *${drill.total}* lead${drill.total === 1 ? '' : 's'}${shown}`;
  const rows: KnownBlock[] = drill.leads.map((lead) => {
    const url = `${drill.instanceUrl}/lightning/r/Lead/${lead.id}/view`;
    const company = lead.company ? ` (${escapeAndTruncate(lead.company, 60)})` : '';
    const created = lead.createdAt.toISOString().slice(0, 10);
    return {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `<${url}|${escapeAndTruncate(lead.name, 80)}>${company} · created ${created}`,
      },
    };
  });
  return {
    ...drillLoadingModal(),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: heading } },
      ...(rows.length > 0 ? rows : [{ type: 'section', text: { type: 'mrkdwn', text: 'No leads now.' } }]),
    ] as KnownBlock[],
  };
}
