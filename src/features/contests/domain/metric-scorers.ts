import { scoreHandoffsAccepted, scoreLeadsQualified, scoreTimeToAccept } from './relay-scorers.ts';
import type { LedgerEntry, LedgerRule } from './scoring-types.ts';
import {
  dateOnlyEventAt,
  firstTouches,
  inWindow,
  localDay,
  touchKind,
  type ScoringRun,
  type Touch,
} from './scoring-run.ts';

/** One scorer per metric, each a pure function of the prepared run (scoring-run.ts). */

/** One point per touched lead per rep per local day (calls: phone calls only). */
function scoreTouches(run: ScoringRun): LedgerEntry[] {
  const rule: LedgerRule = run.contest.metric === 'calls' ? 'call' : 'followup';
  const scored = new Set<string>();
  const entries: LedgerEntry[] = [];
  for (const touch of run.touches) {
    if (run.contest.metric === 'calls' && touchKind(touch.task) !== 'call') continue;
    const repId = run.repFor(touch.task.OwnerId);
    if (repId === null || !run.inScope(touch.lead) || !run.countsInWindow(touch)) continue;
    // One point per lead per rep per local day: five calls to the same lead are not five follow-ups.
    const slot = `${repId}|${touch.lead.Id}|${localDay(touch.at, run.contest.timeZone)}`;
    if (scored.has(slot)) continue;
    scored.add(slot);
    entries.push(run.entry(repId, rule, touch.task.Id, 1, touch.at, touch.lead.Id));
  }
  return entries;
}

/** Touches since the lead's current owner got it: the owner's SLA counts from there. */
const sinceAssignment = (run: ScoringRun, touches: readonly Touch[]): Touch[] =>
  touches.filter((touch) => {
    const assignedAt = run.context.assignedAt?.(touch.lead) ?? null;
    return assignedAt === null || touch.at >= assignedAt;
  });

/** A point for each lead whose first touch since its assignment, made in the window, met the SLA. */
function scoreFirstTouches(run: ScoringRun): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const [leadId, first] of firstTouches(sinceAssignment(run, run.touches))) {
    const lead = run.leads.byId.get(leadId);
    if (!lead || !run.inScope(lead) || !run.countsInWindow(first)) continue;
    const dueAt = run.context.firstTouchDueAt(lead);
    const repId = run.repFor(first.task.OwnerId);
    if (dueAt === null || repId === null || first.at > dueAt) continue;
    entries.push(run.entry(repId, 'first_touch_sla', lead.Id, 1, first.at, lead.Id));
  }
  return entries;
}

/** Hits (points 1) and misses (points 0) per lead assigned in the window; the rate is hits / decided. */
function scoreSlaHitRate(run: ScoringRun): LedgerEntry[] {
  const beforeCutoff = run.touches.filter((touch) => touch.at < run.window.cutoff);
  const first = firstTouches(sinceAssignment(run, beforeCutoff));
  const entries: LedgerEntry[] = [];
  for (const lead of run.leads.byId.values()) {
    const repId = run.repFor(lead.OwnerId);
    const assignedAt = run.context.assignedAt?.(lead) ?? new Date(lead.CreatedDate);
    if (repId === null || !run.inScope(lead) || !inWindow(assignedAt, run.window)) continue;
    const dueAt = run.context.firstTouchDueAt(lead);
    if (dueAt === null) continue;
    const touch = first.get(lead.Id);
    if (touch && touch.at <= dueAt) entries.push(run.entry(repId, 'sla_hit', lead.Id, 1, touch.at, lead.Id));
    else if (touch || dueAt < run.window.cutoff) {
      entries.push(run.entry(repId, 'sla_miss', lead.Id, 0, touch ? touch.at : dueAt, lead.Id));
    }
    // Untouched and not yet due: neither a hit nor a miss yet.
  }
  return entries;
}

/** One point per meeting booked with a lead per rep per local day, unless it was held before the contest began. */
function scoreMeetings(run: ScoringRun): LedgerEntry[] {
  const scored = new Set<string>();
  const entries: LedgerEntry[] = [];
  const events = [...(run.records.events ?? [])].sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate));
  for (const event of events) {
    const lead = event.WhoId ? run.leads.resolve(event.WhoId) : undefined;
    const repId = run.repFor(event.OwnerId);
    const createdAt = new Date(event.CreatedDate);
    if (event.IsDeleted || !lead || repId === null || !run.inScope(lead) || !inWindow(createdAt, run.window))
      continue;
    if (event.StartDateTime && new Date(event.StartDateTime) < run.window.start) continue;
    const slot = `${repId}|${lead.Id}|${localDay(createdAt, run.contest.timeZone)}`;
    if (scored.has(slot)) continue;
    scored.add(slot);
    entries.push(run.entry(repId, 'meeting', event.Id, 1, createdAt, lead.Id));
  }
  return entries;
}

/** One point per lead converted in the window. */
function scoreConversions(run: ScoringRun): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const lead of run.leads.byId.values()) {
    const repId = run.repFor(lead.OwnerId);
    if (!lead.IsConverted || repId === null || !run.inScope(lead)) continue;
    const at = dateOnlyEventAt(lead.ConvertedDate, lead.SystemModstamp, run.window);
    if (at) entries.push(run.entry(repId, 'conversion', lead.Id, 1, at, lead.Id));
  }
  return entries;
}

/** Deals won in the window: one point each, or the amount; scoped contests count deals from scoped leads. */
function scoreOpportunitiesWon(run: ScoringRun): LedgerEntry[] {
  const fromScopedLeads = new Map<string, string>();
  for (const lead of run.leads.byId.values()) {
    if (lead.ConvertedOpportunityId && run.inScope(lead))
      fromScopedLeads.set(lead.ConvertedOpportunityId, lead.Id);
  }
  const entries: LedgerEntry[] = [];
  for (const opportunity of run.records.opportunities ?? []) {
    const repId = run.repFor(opportunity.OwnerId);
    if (!opportunity.IsWon || opportunity.IsDeleted || repId === null) continue;
    const leadId = fromScopedLeads.get(opportunity.Id);
    if (run.contest.scope.kind !== 'all' && leadId === undefined) continue;
    const at = dateOnlyEventAt(opportunity.CloseDate, opportunity.SystemModstamp, run.window);
    if (!at) continue;
    const points = run.contest.wonBy === 'amount' ? Math.max(0, Math.round(opportunity.Amount ?? 0)) : 1;
    entries.push(run.entry(repId, 'opportunity_won', opportunity.Id, points, at, leadId));
  }
  return entries;
}

export const METRIC_SCORERS: Record<ScoringRun['contest']['metric'], (run: ScoringRun) => LedgerEntry[]> = {
  followups: scoreTouches,
  calls: scoreTouches,
  first_touch_sla: scoreFirstTouches,
  sla_hit_rate: scoreSlaHitRate,
  meetings: scoreMeetings,
  conversions: scoreConversions,
  opportunities_won: scoreOpportunitiesWon,
  leads_qualified: scoreLeadsQualified,
  handoffs_accepted: scoreHandoffsAccepted,
  time_to_accept: scoreTimeToAccept,
};
