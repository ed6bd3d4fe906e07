import type { CampaignMember, Lead, SfUser } from '../../../platform/salesforce/records.ts';
import type { Role } from '../../../shared/people/roles.ts';
import { unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { NudgesDeps } from '../deps.ts';
import { nudgeToActionRate, type ActionRate } from '../domain/action-rate.ts';
import {
  followUpMetricsOver,
  type FollowUpReport,
  type MetricsInput,
  type MetricsWindow,
} from '../../../shared/sla/follow-up-metrics.ts';
import { weekOverWeek, type ReportChange } from '../domain/trends.ts';
import type { SlackMessage } from '../slack/blocks.ts';
import { buildFollowUpReport, REPORT_OPTIONAL_OBJECTS, type Names } from '../slack/report-blocks.ts';
import { nudgeRateSection } from '../slack/nudge-rate-section.ts';
import { NudgeState } from '../store.ts';
import { loadFacts } from './lead-facts.ts';
import { allLeads, allUsers } from './lead-loader.ts';

/**
 * Follow-up-rate reports from the Redis store: `/followup` (own, team or everyone by role), the
 * manager's and admin's Home sections, and marketing's weekly digest.
 */

export const DAY_MS = 86_400_000;

export type ReportScope = { kind: 'all' } | { kind: 'team' | 'own'; ownerIds: Set<string> };

export interface ReportData {
  users: SfUser[];
  leads: Lead[];
  campaignMembers: CampaignMember[];
}

/** What reports read: the store, people and roles, and the digests and actions nudges recorded. */
export type ReportDeps = Pick<NudgesDeps, 'config' | 'store' | 'people' | 'roles' | 'redis' | 'keys'>;

/** Whose numbers this person sees; `roles` when the caller already read them. */
export async function reportScopeFor(
  deps: ReportDeps,
  slackUserId: string,
  known?: ReadonlySet<Role>,
): Promise<ReportScope | null> {
  const roles = known ?? (await deps.roles.rolesOf(slackUserId));
  if (roles.has('admin') || roles.has('executive')) return { kind: 'all' };
  const salesforceId = await deps.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return null;
  if (roles.has('manager')) {
    const reports = await deps.store.reportsOf(salesforceId);
    return { kind: 'team', ownerIds: new Set([salesforceId, ...reports]) };
  }
  return { kind: 'own', ownerIds: new Set([salesforceId]) };
}

export async function loadReportData(
  deps: Pick<NudgesDeps, 'store'>,
  scope: ReportScope,
): Promise<ReportData> {
  const users = await allUsers(deps);
  if (scope.kind === 'all') {
    const campaignMembers: CampaignMember[] = [];
    for await (const chunk of deps.store.scan('CampaignMember')) campaignMembers.push(...chunk);
    return { users, leads: await allLeads(deps), campaignMembers };
  }
  // A team's or a rep's report reads its own leads' memberships, not the whole org's.
  const ids = (await Promise.all([...scope.ownerIds].map((id) => deps.store.leadIdsOwnedBy(id)))).flat();
  const [leads, campaignMembers] = await Promise.all([
    deps.store.getMany('Lead', ids),
    deps.store.campaignMembersOfMany(ids),
  ]);
  return { users, leads, campaignMembers };
}

export type LoadedFacts = Pick<MetricsInput, 'leads' | 'ratings'>;

/** Each lead's touches and ratings, read once per report however many periods it compares. */
export async function loadReportFacts(
  deps: Pick<NudgesDeps, 'config' | 'store' | 'redis' | 'keys'>,
  data: ReportData,
): Promise<LoadedFacts> {
  const snoozes = await new NudgeState(deps).snoozesOf(data.leads.map((lead) => lead.Id));
  const loaded = await loadFacts(deps, data.leads, snoozes);
  return { leads: loaded.map((l) => l.facts), ratings: loaded.flatMap((l) => l.ratings) };
}

/** The report of each window over the same data and facts. */
const reportsOver = (
  deps: Pick<NudgesDeps, 'config'>,
  data: ReportData,
  facts: LoadedFacts,
  windows: readonly MetricsWindow[],
): FollowUpReport[] =>
  followUpMetricsOver(
    { ...facts, users: data.users, campaignMembers: data.campaignMembers, policy: deps.config.policy.sla },
    windows,
  );

export async function computeReport(
  deps: Pick<NudgesDeps, 'config' | 'store' | 'redis' | 'keys'>,
  data: ReportData,
  period: { start: Date; end: Date },
  now: Date,
): Promise<FollowUpReport> {
  const [report] = reportsOver(deps, data, await loadReportFacts(deps, data), [{ period, now }]);
  return report as FollowUpReport;
}

/** This period against the one before, each evaluated as of its own end. */
export async function comparePeriods(
  deps: Pick<NudgesDeps, 'config' | 'store' | 'redis' | 'keys'>,
  data: ReportData,
  current: { start: Date; end: Date },
): Promise<{ report: FollowUpReport; change: ReportChange }> {
  const length = current.end.getTime() - current.start.getTime();
  const previous = { start: new Date(current.start.getTime() - length), end: current.start };
  const facts = await loadReportFacts(deps, data);
  const [report, before] = reportsOver(deps, data, facts, [
    { period: current, now: current.end },
    { period: previous, now: previous.end },
  ]) as [FollowUpReport, FollowUpReport];
  return { report, change: weekOverWeek(report, before) };
}

export async function namesFor(deps: Pick<NudgesDeps, 'people'>, users: readonly SfUser[]): Promise<Names> {
  const slackIds: Record<string, string> = {};
  const names: Record<string, string> = {};
  // One read for every user: a round trip per user made an org's thousand users a thousand waits.
  const found = await deps.people.slackIdsFor(users.map((user) => user.Id));
  users.forEach((user, i) => {
    names[user.Id] = user.Name;
    const slackId = found[i];
    if (slackId) slackIds[user.Id] = slackId;
  });
  return { users: names, slackIds };
}

/** Nudge-to-action rate of the digests sent in [from, to): acted on within 24 h of the digest. */
export async function nudgeActionRate(
  deps: Pick<NudgesDeps, 'redis' | 'keys'>,
  from: Date,
  to: Date,
): Promise<ActionRate> {
  const state = new NudgeState(deps);
  const digests = (await state.digestsBetween(from, to)).filter((d) => d.kind === 'rep');
  const actions = await state.actionsBetween(from, new Date(to.getTime() + DAY_MS));
  return nudgeToActionRate(
    digests.map((d) => ({ repId: d.recipientSalesforceId, leadIds: d.leadIds, sentAt: new Date(d.sentAt) })),
    actions,
  );
}

const SCOPE_TITLES = {
  all: 'Follow-up rate, all teams · last 7 days',
  team: "Your team's follow-up rate · last 7 days",
  own: 'Your follow-up rate · last 7 days',
} as const;

/** The `/followup` answer for this person, or null when they are not matched to Salesforce. */
export async function followUpAnswer(
  deps: ReportDeps,
  slackUserId: string,
  now = new Date(),
): Promise<(SlackMessage & { response_type: 'ephemeral' }) | null> {
  // Roles read once: the scope and the admin-only section both ask.
  const roles = await deps.roles.rolesOf(slackUserId);
  const scope = await reportScopeFor(deps, slackUserId, roles);
  if (!scope) return null;
  const data = await loadReportData(deps, scope);
  const period = { start: new Date(now.getTime() - 7 * DAY_MS), end: now };
  const { report, change } = await comparePeriods(deps, data, period);
  const message = buildFollowUpReport({
    title: SCOPE_TITLES[scope.kind],
    report,
    change,
    names: await namesFor(deps, data.users),
    groupBy: scope.kind === 'all' ? 'byTeam' : scope.kind === 'team' ? 'byRep' : 'bySource',
    unreadable: await unreadableAmong(deps, REPORT_OPTIONAL_OBJECTS),
  });
  if (roles.has('admin')) {
    const rate = await nudgeActionRate(deps, period.start, now);
    message.blocks.splice(message.blocks.length - 1, 0, nudgeRateSection(rate, 'last 7 days'));
  }
  return message;
}
