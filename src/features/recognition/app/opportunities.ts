import { storedInstanceUrl } from '../../../shared/sync/sync-state.ts';
import { linkedOpportunity, type LinkedOpportunity, type OpportunityChoice } from '../domain/opportunity.ts';
import type { RecognitionStore } from '../store.ts';
import type { RecognitionDeps } from './deps.ts';

const WON_INDEX_REFRESH_S = 600;
const MAX_CHOICES = 100;

/** The won opportunities a shout-out may link, from the synced store and recognition's own index. */
export class WonOpportunities {
  private readonly deps: Pick<RecognitionDeps, 'redis' | 'keys' | 'store'>;
  private readonly shoutouts: RecognitionStore;

  constructor(deps: Pick<RecognitionDeps, 'redis' | 'keys' | 'store'>, shoutouts: RecognitionStore) {
    this.deps = deps;
    this.shoutouts = shoutouts;
  }

  /** The org's instance URL for record links, or null before the first sync. */
  async instanceUrl(): Promise<string | null> {
    return storedInstanceUrl(this.deps);
  }

  async linked(opportunityId: string): Promise<LinkedOpportunity | null> {
    const record = await this.deps.store.get('Opportunity', opportunityId);
    if (!record || record.IsDeleted) return null;
    return linkedOpportunity(record, await this.instanceUrl());
  }

  /**
   * Sync's first (backfill) run publishes no domain events, so wins it stored are indexed here from
   * the synced store, at most every ten minutes; later wins are indexed as their events arrive.
   */
  async refreshWonIndex(): Promise<void> {
    if (!(await this.shoutouts.claimWonIndexRefresh(WON_INDEX_REFRESH_S))) return;
    for await (const opportunities of this.deps.store.scan('Opportunity')) {
      const wins = opportunities
        .filter((o) => o.IsWon && !o.IsDeleted)
        .map((o) => ({ id: o.Id, closedAtMs: Date.parse(o.CloseDate ?? o.SystemModstamp) || 0 }));
      await this.shoutouts.rememberWon(wins);
    }
  }

  /** Recent Closed Won opportunities for the modal, newest first; `include` is kept even if older. */
  async choices(include: string | null): Promise<OpportunityChoice[]> {
    await this.refreshWonIndex();
    const ids = await this.shoutouts.recentWonIds(MAX_CHOICES);
    if (include && !ids.includes(include)) ids.unshift(include);
    const records = await this.deps.store.getMany('Opportunity', ids.slice(0, MAX_CHOICES));
    return records
      .filter((o) => !o.IsDeleted && (o.IsWon || o.Id === include))
      .map((o) => ({ id: o.Id, name: o.Name, amount: o.Amount }));
  }
}
