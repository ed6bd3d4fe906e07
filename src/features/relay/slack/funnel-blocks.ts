import type { KnownBlock, PlainTextOption, SectionBlock } from '@slack/types';
import { z } from 'zod';
import { escapeAndTruncate, truncate } from '../../../platform/slack/text.ts';
import { NO_CAMPAIGN, NO_SOURCE } from '../../../shared/sla/follow-up-metrics.ts';
import {
  countsOf,
  FUNNEL_STEPS,
  STEP_LABELS,
  topReasons,
  type Funnel,
  type FunnelComparison,
  type FunnelCounts,
  type FunnelGroup,
  type FunnelStep,
} from '../domain/funnel.ts';

/**
 * The funnel as Block Kit: one section per group (all leads, each lead source, each campaign) with
 * every step's number and its change against the period before, and a "Show leads" menu that opens
 * the leads behind any number (funnel-drill.ts). `/funnel`, Home and the weekly digest share these.
 */

export const FUNNEL_DRILL_ACTION = 'relay.funnel_drill';
const DRILL_BLOCK_PREFIX = 'relay.funnel:';
/** Slack's limits: block_id 255 characters, an option's value 150 and its text 75. */
const MAX_BLOCK_ID = 255;
const MAX_OPTION_VALUE = 150;
const MAX_OPTION_TEXT = 75;

const drillTargetSchema = z.object({
  p: z.string().min(1),
  g: z.enum(['all', 'source', 'campaign']),
  k: z.string().optional(),
});

/** Where a "Show leads" menu points: the period's text and the group, in the block's id. */
export interface DrillTarget {
  period: string;
  group: FunnelGroup;
}

export function drillBlockId(target: DrillTarget): string | null {
  const { group } = target;
  const json = JSON.stringify({
    p: target.period,
    g: group.kind,
    ...(group.kind !== 'all' && { k: group.key }),
  });
  const id = `${DRILL_BLOCK_PREFIX}${json}`;
  return id.length <= MAX_BLOCK_ID ? id : null;
}

export function parseDrillBlockId(blockId: string): DrillTarget | null {
  if (!blockId.startsWith(DRILL_BLOCK_PREFIX)) return null;
  try {
    const parsed = drillTargetSchema.safeParse(JSON.parse(blockId.slice(DRILL_BLOCK_PREFIX.length)));
    if (!parsed.success) return null;
    const { p, g, k } = parsed.data;
    if (g === 'all') return { period: p, group: { kind: 'all' } };
    return k === undefined ? null : { period: p, group: { kind: g, key: k } };
  } catch {
    return null;
  }
}

const stepSchema = z.enum(FUNNEL_STEPS);

/** A menu option's value: the step, and for returns and disqualifications maybe one reason. */
export function parseDrillOption(value: string): { step: FunnelStep; reason?: string } | null {
  const colon = value.indexOf(':');
  const step = stepSchema.safeParse(colon < 0 ? value : value.slice(0, colon));
  if (!step.success) return null;
  if (colon < 0) return { step: step.data };
  if (step.data !== 'returned' && step.data !== 'disqualified') return null;
  return { step: step.data, reason: value.slice(colon + 1) };
}

export const signedChange = (change: number): string =>
  change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '±0';

const reasonsText = (now: Record<string, number>, before: Record<string, number>): string =>
  topReasons(now, 5)
    .map(
      ([reason, n]) => `${escapeAndTruncate(reason, 40)} ${n} (${signedChange(n - (before[reason] ?? 0))})`,
    )
    .join(', ');

/** Every step's number with its change, and the reasons behind returns and disqualifications. */
export function countsText(current: FunnelCounts, previous: FunnelCounts): string {
  const steps = FUNNEL_STEPS.map(
    (step) =>
      `${STEP_LABELS[step]} *${current.steps[step]}* (${signedChange(current.steps[step] - previous.steps[step])})`,
  ).join(' · ');
  const returned = reasonsText(current.returnReasons, previous.returnReasons);
  const disqualified = reasonsText(current.disqualifyReasons, previous.disqualifyReasons);
  return [
    steps,
    ...(returned ? [`Returned because: ${returned}`] : []),
    ...(disqualified ? [`Disqualified because: ${disqualified}`] : []),
  ].join('\n');
}

const option = (text: string, value: string): PlainTextOption[] =>
  value.length <= MAX_OPTION_VALUE
    ? [{ text: { type: 'plain_text', text: truncate(text, MAX_OPTION_TEXT) }, value }]
    : [];

function drillOptions(counts: FunnelCounts): PlainTextOption[] {
  const steps = FUNNEL_STEPS.filter((step) => counts.steps[step] > 0).flatMap((step) =>
    option(`${STEP_LABELS[step]} (${counts.steps[step]})`, step),
  );
  const reasons = (step: 'returned' | 'disqualified', record: Record<string, number>) =>
    topReasons(record, 10).flatMap(([reason, n]) =>
      option(`${STEP_LABELS[step]} · ${reason} (${n})`, `${step}:${reason}`),
    );
  return [
    ...steps,
    ...reasons('returned', counts.returnReasons),
    ...reasons('disqualified', counts.disqualifyReasons),
  ];
}

/** One group's section; with a "Show leads" menu when there are leads and a period to drill into. */
export function groupSection(
  title: string,
  comparison: FunnelComparison,
  group: FunnelGroup,
  drillPeriod: string | null,
): SectionBlock {
  const current = countsOf(comparison.current, group);
  const text = `${title}\n${countsText(current, countsOf(comparison.previous, group))}`;
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
  const blockId = drillPeriod ? drillBlockId({ period: drillPeriod, group }) : null;
  const options = drillOptions(current);
  if (!blockId || options.length === 0) return section;
  return {
    ...section,
    block_id: blockId,
    accessory: {
      type: 'static_select',
      action_id: FUNNEL_DRILL_ACTION,
      placeholder: { type: 'plain_text', text: 'Show leads' },
      options: options.slice(0, 100),
    },
  };
}

export const sourceTitle = (key: string): string =>
  key === NO_SOURCE ? '_No source_' : `*${escapeAndTruncate(key, 60)}*`;

export const campaignTitle = (key: string, campaigns: Record<string, string>): string =>
  key === NO_CAMPAIGN ? '_No campaign_' : `*${escapeAndTruncate(campaigns[key] ?? key, 60)}*`;

/** Group keys with leads in either period, most leads in the current one first. */
export function groupKeys(comparison: FunnelComparison, dimension: keyof Omit<Funnel, 'overall'>): string[] {
  const keys = new Set([
    ...Object.keys(comparison.current[dimension]),
    ...Object.keys(comparison.previous[dimension]),
  ]);
  const inNow = (key: string) => comparison.current[dimension][key]?.steps.in ?? 0;
  return [...keys].sort((a, b) => inNow(b) - inNow(a) || a.localeCompare(b));
}

export const moreNote = (hidden: number, what: string): KnownBlock[] =>
  hidden > 0
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `… and ${hidden} more ${what}` }] }]
    : [];
