import type { Keyspace, RedisClient } from '../../../platform/redis.ts';

/**
 * Whether a contest's did-it-stick chart was uploaded. files.uploadV2 has no idempotency key and a
 * file upload cannot be found again like a post (posted-lookup.ts), so a claim with a TTL makes two
 * workers (or a retried job) upload once; a worker that died mid-upload lets the next try after the
 * claim expires.
 */

const CLAIM_TTL_S = 600;
const DONE_TTL_S = 90 * 86_400;

export type StickClaim = 'claimed' | 'done' | 'busy';

export class StickStore {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;

  constructor(deps: { redis: RedisClient; keys: Keyspace }) {
    this.redis = deps.redis;
    this.keys = deps.keys;
  }

  private key(contestId: string): string {
    return this.keys('contest', contestId, 'stick-report');
  }

  async claim(contestId: string): Promise<StickClaim> {
    if ((await this.redis.set(this.key(contestId), 'claimed', 'EX', CLAIM_TTL_S, 'NX')) === 'OK')
      return 'claimed';
    const value = await this.redis.get(this.key(contestId));
    return value?.startsWith('done') ? 'done' : 'busy';
  }

  async markDone(contestId: string, at: Date): Promise<void> {
    await this.redis.set(this.key(contestId), `done ${at.toISOString()}`, 'EX', DONE_TTL_S);
  }

  /** After a failed upload, so the retry may try again at once. */
  async release(contestId: string): Promise<void> {
    if ((await this.redis.get(this.key(contestId))) === 'claimed') await this.redis.del(this.key(contestId));
  }

  async doneAt(contestId: string): Promise<string | null> {
    const value = await this.redis.get(this.key(contestId));
    return value?.startsWith('done ') ? value.slice('done '.length) : null;
  }
}
