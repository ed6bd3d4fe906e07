import { HandoffRecords, handoffIdKey } from '../../shared/relay/handoff-records.ts';

/**
 * The relay's Redis keys: the hand-off records and returns log (shared/relay, read by other
 * features too), plus what only the relay uses: a short-lived claim that makes a double-submitted
 * Qualify write once, and the round-robin counter.
 */

/** Long enough for any Salesforce write to finish; a crashed writer's claim expires by itself. */
const CLAIM_TTL_S = 120;

export class RelayStore extends HandoffRecords {
  /** Takes the lead for one hand-off at a time; false when another submission holds it. */
  async claim(leadId: string): Promise<boolean> {
    const key = this.keys('relay', 'claim', handoffIdKey(leadId));
    return (await this.redis.set(key, '1', 'EX', CLAIM_TTL_S, 'NX')) === 'OK';
  }

  async release(leadId: string): Promise<void> {
    await this.redis.del(this.keys('relay', 'claim', handoffIdKey(leadId)));
  }

  /** Whose turn it is in round-robin routing (0, 1, 2, …); a hand-off moves it on (`advanceTurn`). */
  async turn(): Promise<number> {
    return Number((await this.redis.get(this.keys('relay', 'round-robin'))) ?? 0);
  }

  async advanceTurn(): Promise<void> {
    await this.redis.incr(this.keys('relay', 'round-robin'));
  }
}
