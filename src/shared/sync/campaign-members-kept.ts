import { randomUUID } from 'node:crypto';
import type { CampaignMember } from '../../platform/salesforce/records.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { BoundedCache } from '../../platform/bounded-cache.ts';
import { readCampaignMembersByLead } from './lead-activity-reads.ts';

/** Leads whose memberships one store keeps (a few MB at most). */
const LEADS_KEPT = 50_000;

/**
 * Each lead's campaign memberships as a store last read them, kept under the CampaignMember version
 * they were read at: `/followup` and contests read the same leads' memberships again on every
 * request (a manager's report, one HVALS per lead of the team), and they change only when sync
 * stores a CampaignMember page, which moves the version. The version is read before the
 * memberships, so a page stored between the two only makes the next read start afresh.
 */
export class CampaignMembersKept {
  private kept: { version: string; byLead: BoundedCache<string, CampaignMember[]> } | null = null;
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly versionKey: string;

  constructor(redis: RedisClient, keys: Keyspace, versionKey: string) {
    this.redis = redis;
    this.keys = keys;
    this.versionKey = versionKey;
  }

  async of(leadIds: readonly string[]): Promise<CampaignMember[]> {
    if (leadIds.length === 0) return [];
    const version = await this.redis.get(this.versionKey);
    if (version === null) {
      // No version yet (no page stored since versions were kept, or an org without memberships):
      // read, and start one as the store's all() does, so the next read keeps what it reads.
      const read = await readCampaignMembersByLead(this.redis, this.keys, leadIds);
      await this.redis.set(this.versionKey, randomUUID(), 'NX');
      return read.flat();
    }
    if (this.kept?.version !== version) this.kept = { version, byLead: new BoundedCache(LEADS_KEPT) };
    const { byLead } = this.kept;
    const missing = [...new Set(leadIds.filter((id) => byLead.get(id) === undefined))];
    const read = await readCampaignMembersByLead(this.redis, this.keys, missing);
    const found = new Map(missing.map((id, i) => [id, read[i] ?? []]));
    for (const [id, members] of found) byLead.set(id, members);
    // From `found` first: a long list can push its own first leads out of the bounded memo.
    return leadIds.flatMap((id) => found.get(id) ?? byLead.get(id) ?? []);
  }
}
