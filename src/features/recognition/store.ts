import { RedisBacked } from '../../platform/redis.ts';
import { shoutoutSchema, type Shoutout } from './domain/shoutout.ts';

/**
 * Shout-outs in Redis: one hash of records (id -> JSON) plus time-ordered indexes (recent, given by
 * an author, received by a person) and a kudos tally per recipient. Creating and deleting run as
 * Lua scripts, so a retried request or a double click counts once and a crash never leaves the tally
 * and the record disagreeing.
 */

const RECENT_KEEP = 1_000;
const PER_PERSON_KEEP = 200;
const WON_KEEP = 500;

const CREATE_SCRIPT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local score = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], score, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[4]) + 1))
redis.call('ZADD', KEYS[4], score, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[5]) + 1))
for i = 5, #KEYS do
  redis.call('ZADD', KEYS[i], score, ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(tonumber(ARGV[5]) + 1))
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[i + 1])
end
return 1
`;

const DELETE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
if cjson.decode(current).deletedAt then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
for i = 5, #KEYS do
  redis.call('ZREM', KEYS[i], ARGV[1])
  if tonumber(redis.call('ZINCRBY', KEYS[3], -1, ARGV[i - 2])) <= 0 then
    redis.call('ZREM', KEYS[3], ARGV[i - 2])
  end
end
return 1
`;

export class RecognitionStore extends RedisBacked {
  /**
   * One tag for the store (one Cluster slot): the create and delete scripts write a shout-out,
   * its indexes and its people's counts together, and a shout-out names any number of people.
   */
  private key(...parts: string[]): string {
    return this.keys(this.keys.tag('recognition'), ...parts);
  }

  /** Stores a new shout-out and counts its kudos; false when that id was stored before. */
  async create(shoutout: Shoutout): Promise<boolean> {
    const parsed = shoutoutSchema.parse(shoutout);
    const keys = [
      this.key('shoutouts'),
      this.key('recent'),
      this.key('kudos'),
      this.key('given', parsed.authorId),
      ...parsed.recipients.map((r) => this.key('received', r)),
    ];
    const created = await this.redis.eval(
      CREATE_SCRIPT,
      keys.length,
      ...keys,
      parsed.id,
      JSON.stringify(parsed),
      Date.parse(parsed.createdAt),
      RECENT_KEEP,
      PER_PERSON_KEEP,
      ...parsed.recipients,
    );
    return created === 1;
  }

  /** Marks it deleted, drops it from every index and takes its kudos back, once. */
  async markDeleted(shoutout: Shoutout, deletedBy: string, at: Date): Promise<boolean> {
    const updated: Shoutout = { ...shoutout, deletedAt: at.toISOString(), deletedBy };
    const keys = [
      this.key('shoutouts'),
      this.key('recent'),
      this.key('kudos'),
      this.key('given', shoutout.authorId),
      ...shoutout.recipients.map((r) => this.key('received', r)),
    ];
    const deleted = await this.redis.eval(
      DELETE_SCRIPT,
      keys.length,
      ...keys,
      shoutout.id,
      JSON.stringify(updated),
      ...shoutout.recipients,
    );
    return deleted === 1;
  }

  async get(id: string): Promise<Shoutout | null> {
    const json = await this.redis.hget(this.key('shoutouts'), id);
    return json ? shoutoutSchema.parse(JSON.parse(json)) : null;
  }

  private async load(ids: string[]): Promise<Shoutout[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(this.key('shoutouts'), ...ids);
    return values
      .filter((v): v is string => v !== null)
      .map((v) => shoutoutSchema.parse(JSON.parse(v)))
      .filter((s) => !s.deletedAt);
  }

  /** Newest first. */
  async recent(limit: number): Promise<Shoutout[]> {
    return this.load(await this.redis.zrevrange(this.key('recent'), 0, limit - 1));
  }

  async receivedBy(slackUserId: string, limit: number): Promise<Shoutout[]> {
    return this.load(await this.redis.zrevrange(this.key('received', slackUserId), 0, limit - 1));
  }

  async givenBy(slackUserId: string, limit: number): Promise<Shoutout[]> {
    return this.load(await this.redis.zrevrange(this.key('given', slackUserId), 0, limit - 1));
  }

  async kudosOf(slackUserId: string): Promise<number> {
    return Number((await this.redis.zscore(this.key('kudos'), slackUserId)) ?? 0);
  }

  /** Won opportunities seen by sync, newest close first, for the shout-out modal's picker. */
  async rememberWon(wins: readonly { id: string; closedAtMs: number }[]): Promise<void> {
    if (wins.length === 0) return;
    await this.redis
      .multi()
      .zadd(this.key('won-opportunities'), ...wins.flatMap((w) => [w.closedAtMs, w.id]))
      .zremrangebyrank(this.key('won-opportunities'), 0, -(WON_KEEP + 1))
      .exec();
  }

  async recentWonIds(limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.key('won-opportunities'), 0, limit - 1);
  }

  /**
   * Claims the one win prompt an opportunity ever gets. The claim is owned by the job that made it,
   * so that job's retries go on (their deliveries are idempotent) while any other job stops.
   */
  async claimWinPrompt(opportunityId: string, claimant: string): Promise<boolean> {
    const key = this.key('win-prompt', opportunityId);
    if ((await this.redis.set(key, claimant, 'NX')) === 'OK') return true;
    return (await this.redis.get(key)) === claimant;
  }

  /** Remembers which FeedItem mirrors a shout-out, so a retried job does not post it twice. */
  async chatterItem(shoutoutId: string): Promise<string | null> {
    return this.redis.hget(this.key('chatter'), shoutoutId);
  }

  async setChatterItem(shoutoutId: string, feedItemId: string): Promise<void> {
    await this.redis.hset(this.key('chatter'), shoutoutId, feedItemId);
  }
}
