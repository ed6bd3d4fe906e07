import { RedisBacked } from '../../platform/redis.ts';
import { handoffSchema, returnRecordSchema, type Handoff, type ReturnRecord } from './domain/handoff.ts';

/**
 * The relay's Redis keys: each lead's latest hand-off (a hash, lead Id -> JSON), a short-lived claim
 * that makes a double-submitted Qualify write once, the round-robin counter and the returns log.
 */

/** Long enough for any Salesforce write to finish; a crashed writer's claim expires by itself. */
const CLAIM_TTL_S = 120;
const RETURNS_KEEP = 10_000;

const idKey = (id: string): string => id.slice(0, 15);

const parseHandoff = (json: string | null): Handoff | null => {
  if (!json) return null;
  try {
    const parsed = handoffSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export class RelayStore extends RedisBacked {
  private get handoffs(): string {
    return this.keys('relay', 'handoffs');
  }

  /** Takes the lead for one hand-off at a time; false when another submission holds it. */
  async claim(leadId: string): Promise<boolean> {
    const key = this.keys('relay', 'claim', idKey(leadId));
    return (await this.redis.set(key, '1', 'EX', CLAIM_TTL_S, 'NX')) === 'OK';
  }

  async release(leadId: string): Promise<void> {
    await this.redis.del(this.keys('relay', 'claim', idKey(leadId)));
  }

  async get(leadId: string): Promise<Handoff | null> {
    return parseHandoff(await this.redis.hget(this.handoffs, idKey(leadId)));
  }

  async save(handoff: Handoff): Promise<void> {
    await this.redis.hset(this.handoffs, idKey(handoff.leadId), JSON.stringify(handoffSchema.parse(handoff)));
  }

  /** Whose turn it is in round-robin routing (0, 1, 2, …); a hand-off moves it on (`advanceTurn`). */
  async turn(): Promise<number> {
    return Number((await this.redis.get(this.keys('relay', 'round-robin'))) ?? 0);
  }

  async advanceTurn(): Promise<void> {
    await this.redis.incr(this.keys('relay', 'round-robin'));
  }

  async recordReturn(record: ReturnRecord): Promise<void> {
    const key = this.keys('relay', 'returns');
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(returnRecordSchema.parse(record)))
      .ltrim(key, 0, RETURNS_KEEP - 1)
      .exec();
  }

  /** Newest first. */
  async returns(limit = 100): Promise<ReturnRecord[]> {
    const rows = await this.redis.lrange(this.keys('relay', 'returns'), 0, limit - 1);
    return rows.flatMap((row) => {
      const parsed = returnRecordSchema.safeParse(JSON.parse(row));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
