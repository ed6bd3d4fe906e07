import { idKey } from '../../../platform/salesforce/ids.ts';
/**
 * Whether nudges work: how many of the leads a digest listed were acted on soon after. Ids compare
 * by their first 15 characters, as Salesforce's 15- and 18-character forms name the same record.
 */

export interface DigestSent {
  repId: string;
  leadIds: readonly string[];
  sentAt: Date;
}

export interface LeadAction {
  leadId: string;
  at: Date;
}

export interface ActionRate {
  /** (digest, lead) pairs: each lead listed in each delivered digest is one nudge. */
  nudged: number;
  actedOn: number;
  rate: number | null;
}

/**
 * Nudge-to-action rate: the share of nudges (a lead listed in a delivered digest) followed by an
 * action on that lead (by anyone: logged call/email, snooze, disqualify, rating) within
 * `withinHours` wall-clock hours of the digest. A lead listed in three digests is three nudges.
 */
export function nudgeToActionRate(
  digests: readonly DigestSent[],
  actions: readonly LeadAction[],
  withinHours = 24,
): ActionRate & { byRep: Record<string, ActionRate> } {
  const actionTimes = new Map<string, number[]>();
  for (const action of actions) {
    const list = actionTimes.get(idKey(action.leadId)) ?? [];
    list.push(action.at.getTime());
    actionTimes.set(idKey(action.leadId), list);
  }
  const windowMs = withinHours * 3_600_000;
  const overall = { nudged: 0, actedOn: 0 };
  const byRep: Record<string, { nudged: number; actedOn: number }> = {};
  for (const digest of digests) {
    const rep = (byRep[digest.repId] ??= { nudged: 0, actedOn: 0 });
    const sentMs = digest.sentAt.getTime();
    for (const leadId of new Set(digest.leadIds)) {
      const acted = (actionTimes.get(idKey(leadId)) ?? []).some(
        (ms) => ms >= sentMs && ms <= sentMs + windowMs,
      );
      overall.nudged += 1;
      rep.nudged += 1;
      if (acted) {
        overall.actedOn += 1;
        rep.actedOn += 1;
      }
    }
  }
  const withRate = (counts: { nudged: number; actedOn: number }): ActionRate => ({
    ...counts,
    rate: counts.nudged === 0 ? null : counts.actedOn / counts.nudged,
  });
  return {
    ...withRate(overall),
    byRep: Object.fromEntries(Object.entries(byRep).map(([id, counts]) => [id, withRate(counts)])),
  };
}
