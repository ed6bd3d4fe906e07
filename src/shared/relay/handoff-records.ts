import type { ChainableCommander } from 'ioredis';
import { RedisBacked } from '../../platform/redis.ts';
import { sendEach } from '../../platform/redis-slots.ts';
import { handoffSchema, returnRecordSchema, type Handoff, type ReturnRecord } from './handoff.ts';
import { idKey as handoffIdKey, sameId } from '../../platform/salesforce/ids.ts';

/**
 * The relay's record of each lead's latest hand-off (a hash, lead Id -> JSON) and the log of
 * returns. The relay feature writes them; contests, nudges and marketing's funnel read them, so
 * they live in shared rather than behind the relay feature. Each AE's hand-offs are also indexed
 * (a set of lead Ids per AE): a time-to-accept contest rescores an AE on every accept, and reading
 * that AE's hand-offs must not cost a scan of every hand-off ever made.
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

  private byAe(aeSalesforceId: string): string {
    return this.keys('relay', 'handoffs-by-ae', handoffIdKey(aeSalesforceId));
  }

  /** Set once the hand-offs stored before the per-AE index existed have been indexed. */
  private get byAeIndexed(): string {
    return this.keys('relay', 'handoffs-by-ae-indexed');
  }

  /**
   * The record and its AE's index entry together (one MULTI on one node). On Cluster the two keys
   * sit in different slots and go out apart: `toAe` checks each indexed record's AE, so an entry
   * whose record was not written, or moved to another AE, is never counted.
   */
  async save(handoff: Handoff): Promise<void> {
    const parsed = handoffSchema.parse(handoff);
    const leadKey = handoffIdKey(parsed.leadId);
    await sendEach(
      this.redis,
      [
        ['sadd', this.byAe(parsed.aeSalesforceId), leadKey],
        ['hset', this.handoffs, leadKey, JSON.stringify(parsed)],
      ],
      { atomic: true },
    );
  }

  /**
   * Every hand-off whose record names this AE now. A lead handed on to another AE since stays in
   * the first AE's set and is skipped here. It is not removed: on Cluster a save's index entry can
   * land before its record, and removing what the record does not (yet) confirm would lose it.
   */
  async toAe(aeSalesforceId: string): Promise<Handoff[]> {
    await this.indexEarlierHandoffs();
    const leadKeys = await this.redis.smembers(this.byAe(aeSalesforceId));
    const found = await this.getMany(leadKeys);
    return [...found.values()].filter((handoff) => sameId(handoff.aeSalesforceId, aeSalesforceId));
  }

  /**
   * Hand-offs saved before the per-AE index existed, indexed once. A save during this pass indexes
   * its own hand-off, and a second pass (two workers at once) adds what the first did.
   */
  private async indexEarlierHandoffs(): Promise<void> {
    if ((await this.redis.exists(this.byAeIndexed)) === 1) return;
    for await (const chunk of this.scan()) {
      await sendEach(
        this.redis,
        chunk.map((h) => ['sadd', this.byAe(h.aeSalesforceId), handoffIdKey(h.leadId)]),
      );
    }
    await this.redis.set(this.byAeIndexed, new Date().toISOString());
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
