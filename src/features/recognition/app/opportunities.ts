import { storedInstanceUrl } from '../../../shared/sync/sync-state.ts';
import { linkedOpportunity, type LinkedOpportunity, type OpportunityChoice } from '../domain/opportunity.ts';
import type { RecognitionStore } from '../store.ts';
import type { RecognitionDeps } from './deps.ts';

const MAX_CHOICES = 100;

/** The won opportunities a shout-out may link, from the synced store's won index. */
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

  /** Recent Closed Won opportunities for the modal, newest first; `include` is kept even if older. */
  async choices(include: string | null): Promise<OpportunityChoice[]> {
    // Sync keeps the won list as it stores opportunities (backfill included): no rescan here.
    const ids = await this.deps.store.recentWonOpportunityIds(MAX_CHOICES);
    if (include && !ids.includes(include)) ids.unshift(include);
    const records = await this.deps.store.getMany('Opportunity', ids.slice(0, MAX_CHOICES));
    return records
      .filter((o) => !o.IsDeleted && (o.IsWon || o.Id === include))
      .map((o) => ({ id: o.Id, name: o.Name, amount: o.Amount }));
  }
}
