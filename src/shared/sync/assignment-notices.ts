import { RedisBacked } from '../../platform/redis.ts';
import { idKey, sameId } from '../../platform/salesforce/ids.ts';

/**
 * Assignments bullpen told the new owner about in Slack as it made them: the rep who clicked Claim
 * (their click is the news), the rep a re-route DMs. The instant assignment alert skips these, as it
 * would say the same thing seconds later. The mark is made before the Salesforce write, so sync or
 * the change stream seeing the owner change cannot beat it, and cleared when the write fails; it
 * lapses after an hour, long after the change has been seen.
 */

const TOLD_SECONDS = 3_600;

export class AssignmentNotices extends RedisBacked {
  private key(leadId: string): string {
    return this.keys('sf', 'assignment-told', idKey(leadId));
  }

  async markTold(leadId: string, ownerId: string): Promise<void> {
    await this.redis.set(this.key(leadId), idKey(ownerId), 'EX', TOLD_SECONDS);
  }

  /** The write the mark was made for did not happen: the owner must hear of a later assignment. */
  async clear(leadId: string, ownerId: string): Promise<void> {
    if (await this.wasTold(leadId, ownerId)) await this.redis.del(this.key(leadId));
  }

  async wasTold(leadId: string, ownerId: string): Promise<boolean> {
    const told = await this.redis.get(this.key(leadId));
    return told !== null && sameId(told, ownerId);
  }
}
