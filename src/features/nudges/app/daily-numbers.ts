import type { DailyContext, DailySection } from '../../../shared/daily/section.ts';
import { firstTouchByAnyoneAt } from '../../../shared/sla/lead-level.ts';
import { isClosedLead } from '../../../shared/sla/lead-clock.ts';
import {
  followUpMetricsOver,
  type FollowUpReport,
  type FollowUpStats,
} from '../../../shared/sla/follow-up-metrics.ts';
import { dailyNumbersBlocks } from '../slack/daily-blocks.ts';
import { DAY_MS, loadReportData, loadReportFacts, type ReportDeps } from './reports.ts';

/**
 * The nudges part of a team's daily summary: yesterday's follow-up rate within SLA and median time
 * to first touch (the /followup definitions, for leads whose first-touch deadline fell yesterday)
 * against the same weekday a week before, so a Monday is compared with a Monday; and the team's
 * leads waiting now, overdue and never touched.
 */

export interface DailyNumbers {
  yesterday: FollowUpStats;
  weekBefore: FollowUpStats;
  overdueNow: number;
  untouchedNow: number;
}

type NumbersDeps = Pick<ReportDeps, 'config' | 'store' | 'redis' | 'keys'>;

export async function dailyNumbers(deps: NumbersDeps, context: DailyContext): Promise<DailyNumbers> {
  const policy = deps.config.policy.sla;
  const data = await loadReportData(deps, { kind: 'team', ownerIds: new Set(context.team.ownerIds) });
  const facts = await loadReportFacts(deps, data);
  const input = { ...facts, users: data.users, campaignMembers: data.campaignMembers, policy };
  const { start, end } = context.yesterday;
  const weekBefore = {
    start: new Date(start.getTime() - 7 * DAY_MS),
    end: new Date(end.getTime() - 7 * DAY_MS),
  };
  const now = context.now;
  const untouchedNow = facts.leads.filter(
    (lead) => !isClosedLead(lead.lead, policy) && firstTouchByAnyoneAt(lead, policy, now) === null,
  ).length;
  // Each period as of its own end, as /followup compares weeks.
  const [yesterday, before, current] = followUpMetricsOver(input, [
    { period: { start, end }, now: end },
    { period: weekBefore, now: weekBefore.end },
    { now },
  ]) as [FollowUpReport, FollowUpReport, FollowUpReport];
  return {
    yesterday: yesterday.overall,
    weekBefore: before.overall,
    overdueNow: current.overall.staleCount,
    untouchedNow,
  };
}

export const nudgesDailySection = (deps: NumbersDeps): DailySection => ({
  order: 10,
  name: 'follow-up',
  render: async (context) => dailyNumbersBlocks(await dailyNumbers(deps, context)),
});
