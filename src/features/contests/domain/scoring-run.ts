import { DateTime } from 'luxon';
import type { CampaignMember, Lead, Task } from '../../../platform/salesforce/records.ts';
import { participantIds, scoringEnd, type Contest } from './model.ts';
import type {
  LedgerEntry,
  LedgerRule,
  ScoringContext,
  ScoringLead,
  ScoringRecords,
  ScoringTask,
} from './scoring-types.ts';

/**
 * What every metric's scorer works from, prepared once per scoring: the window, the roster, the
 * in-scope filter, the leads by id (and by converted contact), and the completed touches in order.
 */

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

export interface Window {
  /** The contest's start, to the second: Salesforce stamps instants to the second. */
  start: Date;
  /** Exclusive: the earlier of the scoring end and `now`. */
  cutoff: Date;
  startDay: string;
  cutoffDay: string;
}

export interface Touch {
  task: ScoringTask;
  lead: ScoringLead;
  at: Date;
}

export interface ScoringRun {
  contest: Contest;
  records: ScoringRecords;
  context: ScoringContext;
  window: Window;
  leads: LeadIndex;
  /** The participant who owns a record, or null (not matched, or not playing). */
  repFor(ownerId: string): string | null;
  inScope(lead: Lead): boolean;
  /** Completed calls and emails on known leads, oldest first. */
  touches: Touch[];
  /** A touch made in the window, not backdated before it, not completed after it. */
  countsInWindow(touch: Touch): boolean;
  entry(
    repId: string,
    rule: LedgerRule,
    recordId: string,
    points: number,
    at: Date,
    leadId?: string,
  ): LedgerEntry;
}

/** The zone where a date starts earliest: a date before the start's date there is before it everywhere. */
const EARLIEST_ZONE = 'Etc/GMT+12';

function windowOf(contest: Contest, now: Date): Window {
  const end = scoringEnd(contest);
  const cutoff = now < end ? now : end;
  // A call in the second the contest starts carries that second's stamp (.000): it counts.
  const start = new Date(Math.floor(contest.window.start.getTime() / 1000) * 1000);
  return {
    start,
    cutoff,
    startDay: localDay(start, contest.timeZone),
    cutoffDay: localDay(new Date(cutoff.getTime() - 1), contest.timeZone),
  };
}

function completedTouches(records: ScoringRecords, context: ScoringContext, leads: LeadIndex): Touch[] {
  const isCompleted = context.isCompletedStatus ?? ((status: string) => status === 'Completed');
  return records.tasks
    .filter((task) => !task.IsDeleted && isCompleted(task.Status) && touchKind(task) !== null)
    .map((task) => ({
      task,
      lead: task.WhoId ? leads.resolve(task.WhoId) : undefined,
      at: new Date(task.CreatedDate),
    }))
    .filter((touch): touch is Touch => touch.lead !== undefined)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.task.Id.localeCompare(b.task.Id));
}

/** The run for this contest, or null when nothing can score (cancelled, or the window not open yet). */
export function prepareRun(
  contest: Contest,
  records: ScoringRecords,
  context: ScoringContext,
): ScoringRun | null {
  const window = windowOf(contest, context.now);
  if (window.cutoff <= window.start || contest.status === 'cancelled') return null;
  const roster = participantIds(contest);
  const leads = indexLeads(records.leads);
  const inScope = scopeFilter(contest, records.campaignMembers ?? []);
  const startDayOf = (ownerId: string): string =>
    localDay(window.start, context.timeZoneFor?.(ownerId) ?? EARLIEST_ZONE);
  return {
    contest,
    records,
    context,
    window,
    leads,
    inScope,
    repFor: (ownerId) => {
      const slackId = context.slackUserFor(ownerId);
      return slackId !== null && roster.has(slackId) ? slackId : null;
    },
    touches: completedTouches(records, context, leads),
    countsInWindow: (touch) => {
      if (!inWindow(touch.at, window)) return false;
      // A Task logged now but dated before the window is backdating, not follow-up done in the contest.
      // ActivityDate is the owner's local date, so it is compared with the start's date in their zone.
      const activityDate = touch.task.ActivityDate;
      if (activityDate !== null && activityDate < startDayOf(touch.task.OwnerId)) return false;
      const completed = touch.task.CompletedDateTime ? new Date(touch.task.CompletedDateTime) : null;
      return completed === null || completed < window.cutoff;
    },
    entry: (repId, rule, recordId, points, at, leadId) => ({
      key: ledgerKey(contest.id, repId, rule, recordId),
      contestId: contest.id,
      repId,
      rule,
      recordId,
      points,
      at,
      ...(leadId === undefined ? {} : { leadId }),
    }),
  };
}

export interface LeadIndex {
  byId: Map<string, ScoringLead>;
  resolve(whoId: string): ScoringLead | undefined;
}

function indexLeads(all: readonly ScoringLead[]): LeadIndex {
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

export function scopeFilter(contest: Contest, members: readonly CampaignMember[]): (lead: Lead) => boolean {
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
export function firstTouches<T extends { lead: Lead; at: Date }>(sorted: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const touch of sorted) if (!first.has(touch.lead.Id)) first.set(touch.lead.Id, touch);
  return first;
}

export const inWindow = (at: Date, window: Window): boolean => at >= window.start && at < window.cutoff;

/**
 * ConvertedDate and CloseDate are date-only, too coarse for a one-hour contest. The record must also
 * have changed since the window opened (SystemModstamp), so a deal won this morning cannot score in
 * this afternoon's power hour. `at` is the best instant known: the last modification, clamped.
 */
export function dateOnlyEventAt(day: string | null, modstamp: string, window: Window): Date | null {
  if (day === null || day < window.startDay || day > window.cutoffDay) return null;
  const modifiedAt = new Date(modstamp);
  if (modifiedAt < window.start) return null;
  return modifiedAt < window.cutoff ? modifiedAt : new Date(window.cutoff.getTime() - 1);
}

export const localDay = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
