import { DateTime } from 'luxon';
import { unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { WeeklyDigestContext } from '../../../shared/weekly/section.ts';
import type { NudgesDeps } from '../deps.ts';
import type { FollowUpReport } from '../../../shared/sla/follow-up-metrics.ts';
import type { SlackMessage } from '../slack/blocks.ts';
import { buildWeeklyMarketingDigest, REPORT_OPTIONAL_OBJECTS } from '../slack/report-blocks.ts';
import { comparePeriods, loadReportData } from './reports.ts';

/**
 * Marketing's weekly digest: last week's follow-up rate and lead quality, and the sections other
 * features contribute (the relay's funnel), posted to a channel once.
 */

export type WeeklyDigestDeps = Pick<NudgesDeps, 'config' | 'store' | 'redis' | 'keys' | 'delivery'> &
  Partial<Pick<NudgesDeps, 'weeklyDigestSections'>>;

/** A Slack message holds at most 50 blocks. */
const MAX_MESSAGE_BLOCKS = 50;

/** The other features' sections, in their order, before the digest's closing definitions. */
async function withSections(
  deps: WeeklyDigestDeps,
  message: SlackMessage,
  context: WeeklyDigestContext,
): Promise<SlackMessage> {
  const sections = [...(deps.weeklyDigestSections ?? [])].sort((a, b) => a.order - b.order);
  const blocks = [...message.blocks];
  for (const section of sections) {
    const room = MAX_MESSAGE_BLOCKS - blocks.length;
    if (room <= 0) break;
    blocks.splice(blocks.length - 1, 0, ...(await section.render(context, room)).slice(0, room));
  }
  return { ...message, blocks };
}

export interface WeeklyDigest {
  /** Monday of the reported week (local date), which names the post so it is sent once. */
  weekStart: string;
  message: SlackMessage;
  report: FollowUpReport;
}

/** Marketing's digest for the last complete week (Monday to Sunday in the policy time zone). */
export async function buildWeeklyDigest(deps: WeeklyDigestDeps, now = new Date()): Promise<WeeklyDigest> {
  const policy = deps.config.policy.sla;
  const zone = policy.weeklyDigest.timeZone ?? policy.calendar.fallbackTimeZone;
  const thisWeek = DateTime.fromJSDate(now, { zone }).startOf('week');
  const lastWeek = thisWeek.minus({ weeks: 1 });
  const data = await loadReportData(deps, { kind: 'all' });
  const { report, change } = await comparePeriods(deps, data, {
    start: lastWeek.toJSDate(),
    end: thisWeek.toJSDate(),
  });
  const weekLabel = `${lastWeek.toFormat('LLL d')} – ${thisWeek.minus({ days: 1 }).toFormat('LLL d')}`;
  const campaigns: Record<string, string> = {};
  for await (const chunk of deps.store.scan('Campaign')) {
    for (const campaign of chunk) campaigns[campaign.Id] = campaign.Name;
  }
  const built = buildWeeklyMarketingDigest({
    weekLabel,
    report,
    change,
    names: { campaigns },
    unreadable: await unreadableAmong(deps, REPORT_OPTIONAL_OBJECTS),
  });
  const week = { start: lastWeek.toJSDate(), end: thisWeek.toJSDate() };
  const previousWeek = { start: lastWeek.minus({ weeks: 1 }).toJSDate(), end: week.start };
  const message = await withSections(deps, built, { week, previousWeek, weekLabel, now });
  return { weekStart: lastWeek.toISODate() ?? '', message, report };
}

/** Posts the weekly digest to the configured channel once per week (delivery key per week). */
export async function postWeeklyDigest(deps: WeeklyDigestDeps, now = new Date()): Promise<string | null> {
  const channel = deps.config.policy.sla.weeklyDigest.channel;
  if (!channel) return null;
  const digest = await buildWeeklyDigest(deps, now);
  const key = `weekly-digest-${digest.weekStart}`;
  await deps.delivery.enqueue({
    key,
    method: 'chat.postMessage',
    args: { channel, text: digest.message.text, blocks: digest.message.blocks },
  });
  return key;
}
