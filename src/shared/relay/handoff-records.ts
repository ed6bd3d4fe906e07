import type { ChainableCommander } from 'ioredis';
import { RedisBacked } from '../../platform/redis.ts';
import { handoffSchema, returnRecordSchema, type Handoff, type ReturnRecord } from './handoff.ts';
import { idKey as handoffIdKey } from '../../platform/salesforce/ids.ts';

/**
 * The relay's record of each lead's latest hand-off (a hash, lead Id -> JSON) and the log of
 * returns. The relay feature writes them; contests, nudges and marketing's funnel read them, so
 * they live in shared rather than behind the relay feature.
 */

const RETURNS_KEEP = 10_000;
const SCAN_COUNT = 500;

export { handoffIdKey };

export const parseHandoff = (json: string | null): Handoff | null => {
  if (!json) return null;
  try {
    const parsed = handoffSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export class HandoffRecords extends RedisBacked {
  private get handoffs(): string {
    return this.keys('relay', 'handoffs');
  }

  async get(leadId: string): Promise<Handoff | null> {
    return parseHandoff(await this.redis.hget(this.handoffs, handoffIdKey(leadId)));
  }

  /** Queues `get`'s read in a caller's pipeline; parse its reply with `parseHandoff`. */
  queueGet(reads: ChainableCommander, leadId: string): void {
    reads.hget(this.handoffs, handoffIdKey(leadId));
  }

  async getMany(leadIds: readonly string[]): Promise<Map<string, Handoff>> {
    const found = new Map<string, Handoff>();
    if (leadIds.length === 0) return found;
    const rows = await this.redis.hmget(this.handoffs, ...leadIds.map(handoffIdKey));
    rows.forEach((row, i) => {
      const handoff = parseHandoff(row);
      if (handoff) found.set(handoffIdKey(leadIds[i] ?? ''), handoff);
    });
    return found;
  }

  async save(handoff: Handoff): Promise<void> {
    await this.redis.hset(
      this.handoffs,
      handoffIdKey(handoff.leadId),
      JSON.stringify(handoffSchema.parse(handoff)),
    );
  }

  /** Every stored hand-off, in chunks (HSCAN, so a large hash never blocks Redis). */
  async *scan(): AsyncGenerator<Handoff[]> {
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.handoffs, cursor, 'COUNT', SCAN_COUNT);
      cursor = next;
      const chunk: Handoff[] = [];
      for (let i = 1; i < flat.length; i += 2) {
        const handoff = parseHandoff(flat[i] ?? null);
        if (handoff) chunk.push(handoff);
      }
      if (chunk.length > 0) yield chunk;
    } while (cursor !== '0');
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
      try {
        const parsed = returnRecordSchema.safeParse(JSON.parse(row));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }
}
