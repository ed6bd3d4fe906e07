import type { ContestsDeps } from '../deps.ts';

/**
 * Display names from the synced Salesforce users, so board posts do not @-notify every rep. Kept
 * five minutes per person by the engine that owns this object (one per feature instance).
 */

const NAME_CACHE_MS = 5 * 60_000;

export class ParticipantNames {
  private readonly deps: Pick<ContestsDeps, 'people' | 'store'>;
  private readonly cache = new Map<string, { name: string | null; until: number }>();

  constructor(deps: Pick<ContestsDeps, 'people' | 'store'>) {
    this.deps = deps;
  }

  async of(slackIds: Iterable<string>): Promise<Map<string, string>> {
    const now = Date.now();
    const names = new Map<string, string>();
    await Promise.all(
      [...slackIds].map(async (slackId) => {
        let cached = this.cache.get(slackId);
        if (!cached || cached.until < now) {
          const salesforceId = await this.deps.people.salesforceIdFor(slackId);
          const user = salesforceId ? await this.deps.store.get('User', salesforceId) : null;
          cached = { name: user?.Name ?? null, until: now + NAME_CACHE_MS };
          this.cache.set(slackId, cached);
        }
        if (cached.name) names.set(slackId, cached.name);
      }),
    );
    return names;
  }
}
