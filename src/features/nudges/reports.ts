import type { types as slack } from '@slack/bolt';
import { DateTime } from 'luxon';
import type { CampaignMember, Lead, SfUser } from '../../platform/salesforce/records.ts';
import type { Services } from '../../services.ts';
import type { SlackMessage } from './blocks.ts';
import { allLeads, allUsers, loadFacts } from './lead-loader.ts';
import {
  followUpMetrics,
  nudgeToActionRate,
  weekOverWeek,
  type ActionRate,
  type FollowUpReport,
  type ReportChange,
} from './metrics.ts';
import { unreadableAmong } from '../../shared/sync/unreadable-objects.ts';
import {
  buildFollowUpReport,
  buildWeeklyMarketingDigest,
  REPORT_OPTIONAL_OBJECTS,
  type Names,
} from './report-blocks.ts';
import { NudgeState } from './state.ts';
import { formatPercent } from './text.ts';

/**
 * Follow-up-rate reports from the Redis store: `/followup` (own, team or everyone by role), the
 * manager's and admin's Home sections, and marketing's weekly digest.
 */

const DAY_MS = 86_400_000;

export type ReportScope = { kind: 'all' } | { kind: 'team' | 'own'; ownerIds: Set<string> };

export interface ReportData {
  users: SfUser[];
  leads: Lead[];
  campaignMembers: CampaignMember[];
}

export async function reportScopeFor(services: Services, slackUserId: string): Promise<ReportScope | null> {
  const roles = await services.roles.rolesOf(slackUserId);
  if (roles.has('admin') || roles.has('executive')) return { kind: 'all' };
  const salesforceId = await services.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return null;
  if (roles.has('manager')) {
    const reports = await services.store.reportsOf(salesforceId);
    return { kind: 'team', ownerIds: new Set([salesforceId, ...reports]) };
  }
  return { kind: 'own', ownerIds: new Set([salesforceId]) };
}

export async function loadReportData(services: Services, scope: ReportScope): Promise<ReportData> {
  const users = await allUsers(services);
  let leads: Lead[];
  if (scope.kind === 'all') leads = await allLeads(services);
  else {
    const ids = (
      await Promise.all([...scope.ownerIds].map((id) => services.store.leadIdsOwnedBy(id)))
    ).flat();
    leads = await services.store.getMany('Lead', ids);
  }
  const campaignMembers: CampaignMember[] = [];
  for await (const chunk of services.store.scan('CampaignMember')) campaignMembers.push(...chunk);
  return { users, leads, campaignMembers };
}

export async function computeReport(
  services: Services,
  data: ReportData,
  period: { start: Date; end: Date },
  now: Date,
): Promise<FollowUpReport> {
  const snoozes = await new NudgeState(services).snoozes();
  const loaded = await loadFacts(services, data.leads, snoozes);
  return followUpMetrics({
    leads: loaded.map((l) => l.facts),
    ratings: loaded.flatMap((l) => l.ratings),
    users: data.users,
    campaignMembers: data.campaignMembers,
    period,
    now,
    policy: services.config.policy.sla,
  });
}

/** This period against the one before, each evaluated as of its own end. */
export async function comparePeriods(
  services: Services,
  data: ReportData,
  current: { start: Date; end: Date },
): Promise<{ report: FollowUpReport; change: ReportChange }> {
  const length = current.end.getTime() - current.start.getTime();
  const previous = { start: new Date(current.start.getTime() - length), end: current.start };
  const report = await computeReport(services, data, current, current.end);
  const before = await computeReport(services, data, previous, previous.end);
  return { report, change: weekOverWeek(report, before) };
}

export async function namesFor(services: Services, users: readonly SfUser[]): Promise<Names> {
  const slackIds: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const user of users) {
    names[user.Id] = user.Name;
    const slackId = await services.people.slackIdFor(user.Id);
    if (slackId) slackIds[user.Id] = slackId;
  }
  return { users: names, slackIds };
}

/** Nudge-to-action rate of the digests sent in [from, to): acted on within 24 h of the digest. */
export async function nudgeActionRate(services: Services, from: Date, to: Date): Promise<ActionRate> {
  const state = new NudgeState(services);
  const digests = (await state.digestsBetween(from, to)).filter((d) => d.kind === 'rep');
  const actions = await state.actionsBetween(from, new Date(to.getTime() + DAY_MS));
  return nudgeToActionRate(
    digests.map((d) => ({ repId: d.recipientSalesforceId, leadIds: d.leadIds, sentAt: new Date(d.sentAt) })),
    actions,
  );
}

export function nudgeRateSection(rate: ActionRate, label: string): slack.SectionBlock {
  const text =
    rate.nudged === 0
      ? `*Nudge-to-action rate (${label})*\nNo digests sent yet.`
      : `*Nudge-to-action rate (${label})*\n${formatPercent(rate.rate)}: ${rate.actedOn} of ${rate.nudged} nudged leads were acted on within 24 h of their digest.`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

const SCOPE_TITLES = {
  all: 'Follow-up rate, all teams · last 7 days',
  team: "Your team's follow-up rate · last 7 days",
  own: 'Your follow-up rate · last 7 days',
} as const;

/** The `/followup` answer for this person, or null when they are not matched to Salesforce. */
export async function followUpAnswer(
  services: Services,
  slackUserId: string,
  now = new Date(),
): Promise<(SlackMessage & { response_type: 'ephemeral' }) | null> {
  const scope = await reportScopeFor(services, slackUserId);
  if (!scope) return null;
  const data = await loadReportData(services, scope);
  const period = { start: new Date(now.getTime() - 7 * DAY_MS), end: now };
  const { report, change } = await comparePeriods(services, data, period);
  const message = buildFollowUpReport({
    title: SCOPE_TITLES[scope.kind],
    report,
    change,
    names: await namesFor(services, data.users),
    groupBy: scope.kind === 'all' ? 'byTeam' : scope.kind === 'team' ? 'byRep' : 'bySource',
    unreadable: await unreadableAmong(services, REPORT_OPTIONAL_OBJECTS),
  });
  if (await services.roles.is(slackUserId, 'admin')) {
    const rate = await nudgeActionRate(services, period.start, now);
    message.blocks.splice(message.blocks.length - 1, 0, nudgeRateSection(rate, 'last 7 days'));
  }
  return message;
}

export interface WeeklyDigest {
  /** Monday of the reported week (local date), which names the post so it is sent once. */
  weekStart: string;
  message: SlackMessage;
  report: FollowUpReport;
}

/** Marketing's digest for the last complete week (Monday to Sunday in the policy time zone). */
export async function buildWeeklyDigest(services: Services, now = new Date()): Promise<WeeklyDigest> {
  const policy = services.config.policy.sla;
  const zone = policy.weeklyDigest.timeZone ?? policy.calendar.fallbackTimeZone;
  const thisWeek = DateTime.fromJSDate(now, { zone }).startOf('week');
  const lastWeek = thisWeek.minus({ weeks: 1 });
  const data = await loadReportData(services, { kind: 'all' });
  const { report, change } = await comparePeriods(services, data, {
    start: lastWeek.toJSDate(),
    end: thisWeek.toJSDate(),
  });
  const weekLabel = `${lastWeek.toFormat('LLL d')} – ${thisWeek.minus({ days: 1 }).toFormat('LLL d')}`;
  const campaigns: Record<string, string> = {};
  for await (const chunk of services.store.scan('Campaign')) {
    for (const campaign of chunk) campaigns[campaign.Id] = campaign.Name;
  }
  const message = buildWeeklyMarketingDigest({
    weekLabel,
    report,
    change,
    names: { campaigns },
    unreadable: await unreadableAmong(services, REPORT_OPTIONAL_OBJECTS),
  });
  return { weekStart: lastWeek.toISODate() ?? '', message, report };
}

/** Posts the weekly digest to the configured channel once per week (delivery key per week). */
export async function postWeeklyDigest(services: Services, now = new Date()): Promise<string | null> {
  const channel = services.config.policy.sla.weeklyDigest.channel;
  if (!channel) return null;
  const digest = await buildWeeklyDigest(services, now);
  const key = `weekly-digest-${digest.weekStart}`;
  await services.delivery.enqueue({
    key,
    method: 'chat.postMessage',
    args: { channel, text: digest.message.text, blocks: digest.message.blocks },
  });
  return key;
}
