import { DateTime } from 'luxon';
import { unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { NudgesDeps } from '../deps.ts';
import type { FollowUpReport } from '../../../shared/sla/follow-up-metrics.ts';
import type { SlackMessage } from '../slack/blocks.ts';
import { buildWeeklyMarketingDigest, REPORT_OPTIONAL_OBJECTS } from '../slack/report-blocks.ts';
import { comparePeriods, loadReportData } from './reports.ts';

/** Marketing's weekly digest: last week's follow-up rate and lead quality, posted to a channel once. */

export type WeeklyDigestDeps = Pick<NudgesDeps, 'config' | 'store' | 'redis' | 'keys' | 'delivery'>;

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
  const message = buildWeeklyMarketingDigest({
    weekLabel,
    report,
    change,
    names: { campaigns },
    unreadable: await unreadableAmong(deps, REPORT_OPTIONAL_OBJECTS),
  });
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
