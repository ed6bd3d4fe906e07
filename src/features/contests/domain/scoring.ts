import { DateTime } from 'luxon';
import type {
  CampaignMember,
  Lead,
  Opportunity,
  SfEvent,
  Task,
} from '../../../platform/salesforce/records.ts';
import { participantIds, scoringEnd, type Contest } from './model.ts';
import type { Score } from './ranking.ts';

/**
 * Contest points, derived only from Salesforce records so a board can always be rebuilt. Every
 * point is a ledger entry keyed by (contest, rep, rule, record): scoring is a pure function of the
 * records, and `ledgerDiff` against the stored ledger is how edits, deletions and recompute drift
 * take points back. The adapter must pass every task on the in-scope leads, not only the window's:
 * first-touch rules need to see earlier touches.
 */

export type LedgerRule =
  | 'followup'
  | 'call'
  | 'first_touch_sla'
  | 'sla_hit'
  | 'sla_miss'
  | 'meeting'
  | 'conversion'
  | 'opportunity_won';

export interface LedgerEntry {
  key: string;
  contestId: string;
  /** Slack user id of the participant. */
  repId: string;
  rule: LedgerRule;
  /** The Salesforce record behind the points (Task, Event, Lead or Opportunity Id). */
  recordId: string;
  points: number;
  at: Date;
  leadId?: string;
}

/** Optional fields a richer sync may add; scoring uses them when present. */
export type ScoringLead = Lead & { ConvertedContactId?: string | null };
export type ScoringTask = Task & { CompletedDateTime?: string | null };

export interface ScoringRecords {
  leads: readonly ScoringLead[];
  tasks: readonly ScoringTask[];
  events?: readonly SfEvent[];
  opportunities?: readonly Opportunity[];
  campaignMembers?: readonly CampaignMember[];
}

export interface ScoringContext {
  now: Date;
  /** Salesforce User Id -> Slack user id; null for owners not matched to a Slack member. */
  slackUserFor: (salesforceUserId: string) => string | null;
  /** When the lead's first touch is due under its SLA; null when no SLA applies. */
  firstTouchDueAt: (lead: Lead) => Date | null;
  /** Salesforce's default closed Task status is 'Completed'; orgs may add others. */
  isCompletedStatus?: (status: string) => boolean;
}

export const ledgerKey = (contestId: string, repId: string, rule: LedgerRule, recordId: string): string =>
  `${contestId}|${repId}|${rule}|${recordId}`;

type TouchKind = 'call' | 'email';

/** Mass email (ListEmail) is not a follow-up: one click would score every lead. */
export function touchKind(task: Task): TouchKind | null {
  const subtype = task.TaskSubtype?.toLowerCase();
  if (subtype === 'call') return 'call';
  if (subtype === 'email') return 'email';
  if (subtype === 'listemail') return null;
  const type = task.Type?.toLowerCase();
  if (type === 'call') return 'call';
  if (type === 'email') return 'email';
  return null;
}

interface Window {
  start: Date;
  /** Exclusive: the earlier of the scoring end and `now`. */
  cutoff: Date;
  startDay: string;
  cutoffDay: string;
}

export function scoreActivities(
  contest: Contest,
  records: ScoringRecords,
  context: ScoringContext,
): LedgerEntry[] {
  const end = scoringEnd(contest);
  const cutoff = context.now < end ? context.now : end;
  const window: Window = {
    start: contest.window.start,
    cutoff,
    startDay: localDay(contest.window.start, contest.timeZone),
    cutoffDay: localDay(new Date(cutoff.getTime() - 1), contest.timeZone),
  };
  if (cutoff <= window.start || contest.status === 'cancelled') return [];

  const roster = participantIds(contest);
  const repFor = (ownerId: string): string | null => {
    const slackId = context.slackUserFor(ownerId);
    return slackId !== null && roster.has(slackId) ? slackId : null;
  };
  const isCompleted = context.isCompletedStatus ?? ((status: string) => status === 'Completed');
  const leads = indexLeads(records.leads);
  const inScope = scopeFilter(contest, records.campaignMembers ?? []);
  const entry = (
    repId: string,
    rule: LedgerRule,
    recordId: string,
    points: number,
    at: Date,
    leadId?: string,
  ) => ({
    key: ledgerKey(contest.id, repId, rule, recordId),
    contestId: contest.id,
    repId,
    rule,
    recordId,
    points,
    at,
    ...(leadId === undefined ? {} : { leadId }),
  });

  const touches = records.tasks
    .filter((task) => !task.IsDeleted && isCompleted(task.Status) && touchKind(task) !== null)
    .map((task) => ({
      task,
      lead: task.WhoId ? leads.resolve(task.WhoId) : undefined,
      at: new Date(task.CreatedDate),
    }))
    .filter((touch): touch is { task: ScoringTask; lead: ScoringLead; at: Date } => touch.lead !== undefined)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.task.Id.localeCompare(b.task.Id));

  const countsInWindow = (touch: { task: ScoringTask; at: Date }): boolean => {
    if (!inWindow(touch.at, window)) return false;
    // A Task logged now but dated before the window is backdating, not follow-up done in the contest.
    if (touch.task.ActivityDate !== null && touch.task.ActivityDate < window.startDay) return false;
    const completed = touch.task.CompletedDateTime ? new Date(touch.task.CompletedDateTime) : null;
    return completed === null || completed < window.cutoff;
  };

  switch (contest.metric) {
    case 'followups':
    case 'calls': {
      const rule: LedgerRule = contest.metric === 'calls' ? 'call' : 'followup';
      const scored = new Set<string>();
      const entries: LedgerEntry[] = [];
      for (const touch of touches) {
        if (contest.metric === 'calls' && touchKind(touch.task) !== 'call') continue;
        const repId = repFor(touch.task.OwnerId);
        if (repId === null || !inScope(touch.lead) || !countsInWindow(touch)) continue;
        // One point per lead per rep per local day: five calls to the same lead are not five follow-ups.
        const slot = `${repId}|${touch.lead.Id}|${localDay(touch.at, contest.timeZone)}`;
        if (scored.has(slot)) continue;
        scored.add(slot);
        entries.push(entry(repId, rule, touch.task.Id, 1, touch.at, touch.lead.Id));
      }
      return entries;
    }
    case 'first_touch_sla': {
      const entries: LedgerEntry[] = [];
      for (const [leadId, first] of firstTouches(touches)) {
        const lead = leads.byId.get(leadId);
        if (!lead || !inScope(lead) || !countsInWindow(first)) continue;
        const dueAt = context.firstTouchDueAt(lead);
        const repId = repFor(first.task.OwnerId);
        if (dueAt === null || repId === null || first.at > dueAt) continue;
        entries.push(entry(repId, 'first_touch_sla', lead.Id, 1, first.at, lead.Id));
      }
      return entries;
    }
    case 'sla_hit_rate': {
      const first = firstTouches(touches.filter((touch) => touch.at < window.cutoff));
      const entries: LedgerEntry[] = [];
      for (const lead of leads.byId.values()) {
        const repId = repFor(lead.OwnerId);
        const assignedAt = new Date(lead.CreatedDate);
        if (repId === null || !inScope(lead) || !inWindow(assignedAt, window)) continue;
        const dueAt = context.firstTouchDueAt(lead);
        if (dueAt === null) continue;
        const touch = first.get(lead.Id);
        if (touch && touch.at <= dueAt) entries.push(entry(repId, 'sla_hit', lead.Id, 1, touch.at, lead.Id));
        else if (touch || dueAt < window.cutoff) {
          entries.push(entry(repId, 'sla_miss', lead.Id, 0, touch ? touch.at : dueAt, lead.Id));
        }
        // Untouched and not yet due: neither a hit nor a miss yet.
      }
      return entries;
    }
    case 'meetings': {
      const scored = new Set<string>();
      const entries: LedgerEntry[] = [];
      const events = [...(records.events ?? [])].sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate));
      for (const event of events) {
        const lead = event.WhoId ? leads.resolve(event.WhoId) : undefined;
        const repId = repFor(event.OwnerId);
        const createdAt = new Date(event.CreatedDate);
        if (event.IsDeleted || !lead || repId === null || !inScope(lead) || !inWindow(createdAt, window))
          continue;
        if (event.StartDateTime && new Date(event.StartDateTime) < window.start) continue;
        const slot = `${repId}|${lead.Id}|${localDay(createdAt, contest.timeZone)}`;
        if (scored.has(slot)) continue;
        scored.add(slot);
        entries.push(entry(repId, 'meeting', event.Id, 1, createdAt, lead.Id));
      }
      return entries;
    }
    case 'conversions': {
      const entries: LedgerEntry[] = [];
      for (const lead of leads.byId.values()) {
        const repId = repFor(lead.OwnerId);
        if (!lead.IsConverted || repId === null || !inScope(lead)) continue;
        const at = dateOnlyEventAt(lead.ConvertedDate, lead.SystemModstamp, window);
        if (at) entries.push(entry(repId, 'conversion', lead.Id, 1, at, lead.Id));
      }
      return entries;
    }
    case 'opportunities_won': {
      const fromScopedLeads = new Map<string, string>();
      for (const lead of leads.byId.values()) {
        if (lead.ConvertedOpportunityId && inScope(lead))
          fromScopedLeads.set(lead.ConvertedOpportunityId, lead.Id);
      }
      const entries: LedgerEntry[] = [];
      for (const opportunity of records.opportunities ?? []) {
        const repId = repFor(opportunity.OwnerId);
        if (!opportunity.IsWon || opportunity.IsDeleted || repId === null) continue;
        const leadId = fromScopedLeads.get(opportunity.Id);
        if (contest.scope.kind !== 'all' && leadId === undefined) continue;
        const at = dateOnlyEventAt(opportunity.CloseDate, opportunity.SystemModstamp, window);
        if (!at) continue;
        const points = contest.wonBy === 'amount' ? Math.max(0, Math.round(opportunity.Amount ?? 0)) : 1;
        entries.push(entry(repId, 'opportunity_won', opportunity.Id, points, at, leadId));
      }
      return entries;
    }
  }
}

function indexLeads(all: readonly ScoringLead[]) {
  const byId = new Map<string, ScoringLead>();
  const byContact = new Map<string, ScoringLead>();
  for (const lead of all) {
    if (lead.IsDeleted) continue;
    byId.set(lead.Id, lead);
    // Conversion moves a lead's activities to the new Contact; follow them so points survive it.
    if (lead.ConvertedContactId) byContact.set(lead.ConvertedContactId, lead);
  }
  return { byId, resolve: (whoId: string) => byId.get(whoId) ?? byContact.get(whoId) };
}

function scopeFilter(contest: Contest, members: readonly CampaignMember[]): (lead: Lead) => boolean {
  const scope = contest.scope;
  switch (scope.kind) {
    case 'all':
      return () => true;
    case 'sources': {
      const sources = new Set(scope.sources.map((source) => source.trim().toLowerCase()));
      return (lead) => lead.LeadSource !== null && sources.has(lead.LeadSource.trim().toLowerCase());
    }
    case 'campaign': {
      const campaignId = scope.campaignId.slice(0, 15);
      const leadIds = new Set(
        members
          .filter(
            (member) => !member.IsDeleted && member.CampaignId.slice(0, 15) === campaignId && member.LeadId,
          )
          .map((member) => member.LeadId?.slice(0, 15)),
      );
      return (lead) => leadIds.has(lead.Id.slice(0, 15));
    }
  }
}

/** The earliest touch on each lead, by anyone: only that one can be a first touch. */
function firstTouches<T extends { lead: Lead; at: Date }>(sorted: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const touch of sorted) if (!first.has(touch.lead.Id)) first.set(touch.lead.Id, touch);
  return first;
}

const inWindow = (at: Date, window: Window): boolean => at >= window.start && at < window.cutoff;

/**
 * ConvertedDate and CloseDate are date-only, too coarse for a one-hour contest. The record must also
 * have changed since the window opened (SystemModstamp), so a deal won this morning cannot score in
 * this afternoon's power hour. `at` is the best instant known: the last modification, clamped.
 */
function dateOnlyEventAt(day: string | null, modstamp: string, window: Window): Date | null {
  if (day === null || day < window.startDay || day > window.cutoffDay) return null;
  const modifiedAt = new Date(modstamp);
  if (modifiedAt < window.start) return null;
  return modifiedAt < window.cutoff ? modifiedAt : new Date(window.cutoff.getTime() - 1);
}

export const localDay = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);

export interface LedgerDiff {
  add: LedgerEntry[];
  remove: LedgerEntry[];
}

/** What to apply to go from the stored ledger to a fresh scoring; changed points are remove + add. */
export function ledgerDiff(previous: readonly LedgerEntry[], next: readonly LedgerEntry[]): LedgerDiff {
  const before = new Map(previous.map((entry) => [entry.key, entry]));
  const after = new Map(next.map((entry) => [entry.key, entry]));
  const add = [...after.values()].filter((entry) => before.get(entry.key)?.points !== entry.points);
  const remove = [...before.values()].filter((entry) => after.get(entry.key)?.points !== entry.points);
  return { add, remove };
}

/**
 * Per-participant scores for ranking. Sum metrics add points and reached their total at the last
 * scoring entry; the SLA hit rate is hits / decided leads in basis points (10000 = 100%).
 */
export function standingsFromLedger(contest: Contest, entries: readonly LedgerEntry[]): Score[] {
  const byRep = new Map<string, LedgerEntry[]>();
  for (const id of participantIds(contest)) byRep.set(id, []);
  for (const entry of entries) if (entry.contestId === contest.id) byRep.get(entry.repId)?.push(entry);
  return [...byRep].map(([repId, repEntries]) => {
    const counted =
      contest.metric === 'sla_hit_rate' ? repEntries : repEntries.filter((entry) => entry.points > 0);
    const reachedAt = counted.reduce<Date | null>(
      (latest, entry) => (latest && latest > entry.at ? latest : entry.at),
      null,
    );
    if (contest.metric !== 'sla_hit_rate') {
      return { repId, points: counted.reduce((sum, entry) => sum + entry.points, 0), reachedAt };
    }
    const hits = repEntries.filter((entry) => entry.rule === 'sla_hit').length;
    const points = repEntries.length === 0 ? 0 : Math.round((10_000 * hits) / repEntries.length);
    return { repId, points, reachedAt };
  });
}

/** The records behind one rep's points, newest first, for "why do I have these points". */
export function entriesForRep(entries: readonly LedgerEntry[], repId: string): LedgerEntry[] {
  return entries.filter((entry) => entry.repId === repId).sort((a, b) => b.at.getTime() - a.at.getTime());
}
