import type { CampaignMember, Lead, SfEvent, Task } from '../../../platform/salesforce/records.ts';
import type { ContestsDeps } from '../deps.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { draftToContest } from '../domain/draft.ts';
import type { ContestEngine } from './engine.ts';
import { contestSchema, type Contest, type ContestScope } from '../domain/model.ts';
import { unscorableBecause } from './access.ts';
import { rankStandings, type RankedRow } from '../domain/ranking.ts';
import { resolveRoster } from './roster.ts';
import { ContestHandoffs } from './relay-handoffs.ts';
import { ScoringLookups } from './scoring-lookups.ts';
import { scoreActivities, standingsFromLedger } from '../domain/scoring.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';

/**
 * `/contest preview`: what the board would look like had the contest run over the last N days,
 * from bullpen's synced copy of Salesforce (no API calls). Nothing is stored.
 */

const LEAD_PREFIX = '00Q';

/** The synced members of the campaign a contest is scoped to (none for other scopes). */
async function campaignMembersFor(
  deps: Pick<ContestsDeps, 'store'>,
  scope: ContestScope,
): Promise<CampaignMember[]> {
  if (scope.kind !== 'campaign') return [];
  const campaignId = scope.campaignId.slice(0, 15);
  const members: CampaignMember[] = [];
  for await (const page of deps.store.scan('CampaignMember'))
    members.push(...page.filter((member) => member.CampaignId.slice(0, 15) === campaignId));
  return members;
}

async function recentRecords(
  deps: Pick<ContestsDeps, 'store'>,
  since: Date,
  scope: ContestScope,
): Promise<ScoringRecords> {
  const sinceIso = since.toISOString();
  const recent = <T extends { CreatedDate: string }>(rows: T[]) =>
    rows.filter((row) => new Date(row.CreatedDate).toISOString() >= sinceIso);
  const tasks: Task[] = [];
  const events: SfEvent[] = [];
  for await (const page of deps.store.scan('Task')) tasks.push(...recent(page));
  for await (const page of deps.store.scan('Event')) events.push(...recent(page));
  const leadIds = new Set(
    [...tasks, ...events]
      .map((a) => a.WhoId)
      .filter((id): id is string => id?.startsWith(LEAD_PREFIX) ?? false),
  );
  const leads: Lead[] = await deps.store.getMany('Lead', [...leadIds]);
  const opportunities = [];
  for await (const page of deps.store.scan('Opportunity')) opportunities.push(...page);
  return { leads, tasks, events, opportunities, campaignMembers: await campaignMembersFor(deps, scope) };
}

/** A relay metric's preview scores the participants' hand-offs, with their leads for the scope. */
async function withHandoffs(
  engine: ContestEngine,
  contest: Contest,
  records: ScoringRecords,
): Promise<ScoringRecords> {
  const handoffs = await new ContestHandoffs(engine.deps).involving(
    contest,
    await engine.participantOwnerIds(contest),
  );
  if (handoffs.length === 0) return records;
  const leads = await engine.deps.store.getMany(
    'Lead',
    handoffs.map((handoff) => handoff.leadId),
  );
  return { ...records, handoffs, leads: [...records.leads, ...leads] };
}

export async function previewStandings(
  engine: ContestEngine,
  draft: ContestDraft,
  lookbackMs: number,
  launcher: { userId: string; channelId: string; timeZone: string },
): Promise<{ ok: true; contest: Contest; rows: RankedRow[] } | { ok: false; error: string }> {
  const unscorable = await unscorableBecause(engine.deps, draft);
  if (unscorable) return { ok: false, error: unscorable };
  const now = engine.clock.now();
  const start = new Date(now.getTime() - lookbackMs);
  const built = draftToContest(
    { ...draft, startAt: null, durationMs: lookbackMs },
    {
      id: 'preview',
      createdBy: launcher.userId,
      now: start,
      timeZone: launcher.timeZone,
      channelId: draft.channel.kind === 'id' ? draft.channel.id : launcher.channelId,
    },
  );
  if (!built.ok) return built;
  const roster = await resolveRoster(engine.deps, built.contest);
  const contest = contestSchema.parse({
    ...built.contest,
    status: 'running',
    startedAt: start,
    participants: { ...built.contest.participants, userIds: roster.length > 0 ? roster : [launcher.userId] },
  });
  const records = await withHandoffs(engine, contest, await recentRecords(engine.deps, start, contest.scope));
  const context = await new ScoringLookups(engine.deps).contextFor(records, now, {
    needsSla: contest.metric === 'first_touch_sla' || contest.metric === 'sla_hit_rate',
  });
  const entries = scoreActivities(contest, records, context);
  return {
    ok: true,
    contest,
    rows: rankStandings(standingsFromLedger(contest, entries), engine.rankingRulesFor(contest)),
  };
}
