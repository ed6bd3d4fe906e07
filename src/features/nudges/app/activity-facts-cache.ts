import { BoundedCache } from '../../../platform/bounded-cache.ts';
import type { Touch } from '../../../shared/sla/lead-clock.ts';
import type { SlaPolicy } from '../../../shared/sla/sla-policy.ts';
import type { QualityRating } from '../domain/quality-ratings.ts';

/**
 * A worker's memo of what each lead's activity gives (its owner's touches, everyone's touches, its
 * quality ratings), kept under the lead's activity token (shared/sync/activity-stamps.ts): sync
 * writes a fresh token after it stores a Task or Event on the lead, so an entry under another token
 * is out of date. A report reads every lead of its scope, most of them with activity that has not
 * changed for weeks; reading and parsing all of it again was most of `/followup`'s cost (bench acks).
 *
 * An entry also stands only for the owner and the SLA policy it was worked out for, and only for
 * `maxAgeMs`: a sync cut off between storing activity and writing its token leaves the old token in
 * place, and the age bounds how long that can go unseen. A lead with no token yet is never memoised.
 */

export interface ActivityFacts {
  touches: readonly Touch[];
  leadTouches: readonly Touch[];
  ratings: readonly QualityRating[];
}

/** Under what an entry was worked out: the lead's activity token, its owner and the policy. */
export interface ActivityFactsKey {
  token: string | null;
  ownerId: string;
  policy: SlaPolicy;
}

interface Entry extends ActivityFactsKey {
  keptAtMs: number;
  facts: ActivityFacts;
}

/** About 10 MB at most: an entry holds a few touches. */
export const ACTIVITY_FACTS_CAPACITY = 20_000;
export const ACTIVITY_FACTS_MAX_AGE_MS = 10 * 60_000;

export class ActivityFactsCache {
  private readonly entries: BoundedCache<string, Entry>;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;

  constructor(options: { capacity?: number; maxAgeMs?: number; clock?: () => number } = {}) {
    this.entries = new BoundedCache(options.capacity ?? ACTIVITY_FACTS_CAPACITY);
    this.maxAgeMs = options.maxAgeMs ?? ACTIVITY_FACTS_MAX_AGE_MS;
    this.clock = options.clock ?? Date.now;
  }

  get(leadId: string, key: ActivityFactsKey): ActivityFacts | undefined {
    const entry = this.entries.get(leadId);
    if (!entry || key.token === null) return undefined;
    const current =
      entry.token === key.token &&
      entry.ownerId === key.ownerId &&
      entry.policy === key.policy &&
      this.clock() - entry.keptAtMs < this.maxAgeMs;
    return current ? entry.facts : undefined;
  }

  set(leadId: string, key: ActivityFactsKey, facts: ActivityFacts): void {
    if (key.token === null) return;
    this.entries.set(leadId, { ...key, keptAtMs: this.clock(), facts });
  }
}
