import type { Handoff } from '../../../shared/relay/handoff.ts';
import { inWindow, type ScoringRun } from './scoring-run.ts';
import type { LedgerEntry } from './scoring-types.ts';

/**
 * The relay's metrics (issue 14 item 4), scored from the relay's hand-off records: a point per lead
 * an SDR handed off, a point per hand-off an AE accepted, and each AE's median time to accept in
 * business minutes (lower wins; ranking.ts). The hand-off's lead, when synced, decides the scope.
 */

const HOUR_MINUTES = 60;

/** The lead as sync knows it (its Id is the subject every other lead rule uses), or the record's. */
function leadOf(run: ScoringRun, handoff: Handoff): { leadId: string; inScope: boolean } {
  const lead = run.leads.resolve(handoff.leadId);
  if (lead) return { leadId: lead.Id, inScope: run.inScope(lead) };
  return { leadId: handoff.leadId, inScope: run.contest.scope.kind === 'all' };
}

const acceptedAt = (handoff: Handoff): Date | null =>
  handoff.state === 'accepted' && handoff.decidedAt ? new Date(handoff.decidedAt) : null;

/**
 * A point per lead the SDR handed off in the window, whatever the AE did with it since. The point
 * stands on the relay's "Qualified" Task: once that Task is deleted in Salesforce it scores nothing.
 */
export function scoreLeadsQualified(run: ScoringRun): LedgerEntry[] {
  const deletedTasks = new Set(run.records.tasks.filter((task) => task.IsDeleted).map((task) => task.Id));
  const entries: LedgerEntry[] = [];
  for (const handoff of run.records.handoffs ?? []) {
    if (deletedTasks.has(handoff.taskId)) continue;
    const at = new Date(handoff.handedOffAt);
    const repId = run.repFor(handoff.sdrSalesforceId);
    const { leadId, inScope } = leadOf(run, handoff);
    if (repId === null || !inScope || !inWindow(at, run.window)) continue;
    entries.push(run.entry(repId, 'lead_qualified', handoff.taskId, 1, at, leadId));
  }
  return entries;
}

/** A point per hand-off the AE accepted in the window (returned ones score nothing). */
export function scoreHandoffsAccepted(run: ScoringRun): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const handoff of run.records.handoffs ?? []) {
    const at = acceptedAt(handoff);
    const repId = run.repFor(handoff.aeSalesforceId);
    const { leadId, inScope } = leadOf(run, handoff);
    if (at === null || repId === null || !inScope || !inWindow(at, run.window)) continue;
    entries.push(run.entry(repId, 'handoff_accepted', leadId, 1, at, leadId));
  }
  return entries;
}

/** The middle value (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/**
 * Whole business minutes, rounded up and at least one: an accept always took some time, and a
 * score of 0 would read as "nothing accepted yet" on the board.
 */
export const acceptMinutes = (hours: number): number => Math.max(1, Math.ceil(hours * HOUR_MINUTES - 1e-9));

/**
 * One entry per AE (the AE's Salesforce Id is its subject): the median business minutes from
 * hand-off to accept over the hand-offs they accepted in the window, as of the latest accept.
 */
export function scoreTimeToAccept(run: ScoringRun): LedgerEntry[] {
  const byAe = new Map<string, { repId: string; minutes: number[]; latest: Date }>();
  for (const handoff of run.records.handoffs ?? []) {
    const at = acceptedAt(handoff);
    const repId = run.repFor(handoff.aeSalesforceId);
    if (at === null || repId === null || !leadOf(run, handoff).inScope || !inWindow(at, run.window)) continue;
    const from = new Date(handoff.handedOffAt);
    const hours =
      run.context.businessHoursFor?.(handoff.aeSalesforceId, from, at) ??
      (at.getTime() - from.getTime()) / 3_600_000;
    const tally = byAe.get(handoff.aeSalesforceId) ?? { repId, minutes: [], latest: at };
    tally.minutes.push(acceptMinutes(hours));
    if (at > tally.latest) tally.latest = at;
    byAe.set(handoff.aeSalesforceId, tally);
  }
  return [...byAe].map(([aeId, tally]) =>
    run.entry(tally.repId, 'time_to_accept', aeId, Math.ceil(median(tally.minutes) ?? 0), tally.latest),
  );
}
