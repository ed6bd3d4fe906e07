import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { sendEach, type RedisCommand } from '../../platform/redis-slots.ts';
import {
  digestRecordSchema,
  handledSchema,
  type DigestRecord,
  type HandledLead,
  type RecipientKind,
  type WriteStatus,
} from './domain/digest-records.ts';
import { Snoozes } from './snoozes.ts';
import { writeFailureSchema, type WriteFailure } from './writes/write-errors.ts';
import { COUNT_SENT_SCRIPT, TRANSITION_SCRIPT } from './store-scripts.ts';

/**
 * The SLA engine's own state in Redis: snoozes, delivered digests (what each listed and what was
 * done about it), per-recipient daily counts and the actions taken on nudged leads. Everything is
 * keyed so that doing the same thing twice (a retried job, a double click) writes the same member.
 */

const RECORD_TTL_S = 35 * 86_400;
const DAY_COUNTER_TTL_S = 3 * 86_400;
const LEAD_DIGEST_TTL_S = 2 * 86_400;
const ACTION_RETENTION_MS = 35 * 86_400_000;
const LAST_FAILURE_TTL_S = 86_400;
/** Long enough for any sync to bring the write back; a write that never shows up stops hiding. */
const PENDING_TOUCH_TTL_S = 86_400;

export interface NudgeStoreDeps {
  redis: RedisClient;
  keys: Keyspace;
}

export class NudgeState {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly snoozeSet: Snoozes;

  constructor(deps: NudgeStoreDeps) {
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.snoozeSet = new Snoozes(deps);
  }

  private key(...parts: string[]): string {
    return this.keys('nudges', ...parts);
  }

  // --- snoozes -------------------------------------------------------------------------------
  // Every snooze is for the full scan; screens read only their leads' (snoozesOf, snoozes.ts).
  snoozes = (): Promise<Map<string, Date>> => this.snoozeSet.all();
  snoozesOf = (leadIds: readonly string[], now?: Date) => this.snoozeSet.of(leadIds, now);
  snooze = (leadId: string, until: Date): Promise<void> => this.snoozeSet.snooze(leadId, until);

  // --- per-recipient counters ------------------------------------------------------------------

  private sentKey(kind: RecipientKind, recipientId: string, localDate: string): string {
    // Tagged by recipient with last-sent, which countSent's MULTI writes beside it.
    return this.key('sent', this.keys.tag(kind, recipientId), localDate);
  }

  async sentOn(kind: RecipientKind, recipientId: string, localDate: string): Promise<string[]> {
    return this.redis.smembers(this.sentKey(kind, recipientId, localDate));
  }

  async lastSentAt(kind: RecipientKind, recipientId: string): Promise<Date | null> {
    const at = await this.redis.get(this.key('last-sent', this.keys.tag(kind, recipientId)));
    return at ? new Date(at) : null;
  }

  /**
   * Counts the digest for its recipient's day (a digest counted twice stays one, a set member);
   * with a cap, only while the day has fewer (answers whether it was counted).
   */
  async countSent(
    kind: RecipientKind,
    recipientId: string,
    localDate: string,
    digest: { id: string; at: Date; cap?: number },
  ): Promise<boolean> {
    const counted = await this.redis.eval(
      COUNT_SENT_SCRIPT,
      2,
      this.sentKey(kind, recipientId, localDate),
      this.key('last-sent', this.keys.tag(kind, recipientId)),
      digest.id,
      String(digest.cap ?? Number.MAX_SAFE_INTEGER),
      String(DAY_COUNTER_TTL_S),
      digest.at.toISOString(),
    );
    return counted === 1;
  }

  // --- digests --------------------------------------------------------------------------------

  /**
   * Stores a delivered digest once; returns the stored record (the first one wins). On Cluster the
   * record and its indexes (the time index, each lead's set) sit in different slots: a save that
   * failed after the record was written is finished by its retry, which indexes the stored record
   * again (ZADD/SADD of the same members change nothing).
   */
  async saveDigest(record: DigestRecord): Promise<DigestRecord> {
    const created = await this.redis.set(
      this.key('digest', record.id),
      JSON.stringify(record),
      'EX',
      RECORD_TTL_S,
      'NX',
    );
    const stored = created === 'OK' ? record : await this.digest(record.id);
    if (stored && (stored === record || this.keys.cluster)) {
      const indexes = stored.leadIds.flatMap((leadId): RedisCommand[] => [
        ['sadd', this.key('lead-digests', leadId), stored.id],
        ['expire', this.key('lead-digests', leadId), LEAD_DIGEST_TTL_S],
      ]);
      const byTime: RedisCommand = ['zadd', this.key('digests'), Date.parse(stored.sentAt), stored.id];
      await sendEach(this.redis, [byTime, ...indexes], { atomic: true });
    }
    return stored ?? record;
  }

  async digest(id: string): Promise<DigestRecord | null> {
    const json = await this.redis.get(this.key('digest', id));
    return json ? digestRecordSchema.parse(JSON.parse(json)) : null;
  }

  /** Digests sent in [from, to), oldest first. */
  async digestsBetween(from: Date, to: Date): Promise<DigestRecord[]> {
    const ids = await this.redis.zrangebyscore(this.key('digests'), from.getTime(), `(${to.getTime()}`);
    const records = await Promise.all(ids.map((id) => this.digest(id)));
    return records.filter((r): r is DigestRecord => r !== null);
  }

  /** Recent digests that listed a lead. */
  async digestsListing(leadId: string): Promise<string[]> {
    return this.redis.smembers(this.key('lead-digests', leadId));
  }

  /**
   * Records what was done about a lead in a digest; false when that lead was already handled there.
   * A lead whose write Salesforce refused counts as not handled: doing something again replaces it.
   */
  async markHandled(digestId: string, handled: HandledLead): Promise<boolean> {
    const key = this.key('digest', digestId, 'handled');
    let added = (await this.redis.hsetnx(key, handled.leadId, JSON.stringify(handled))) === 1;
    if (!added) {
      const failed = JSON.stringify(['failed']);
      const patch = JSON.stringify(handled);
      const existing = await this.redis.hget(key, handled.leadId);
      const writeKey = existing ? handledSchema.parse(JSON.parse(existing)).writeKey : undefined;
      added =
        writeKey !== undefined &&
        (await this.redis.eval(
          TRANSITION_SCRIPT,
          1,
          key,
          handled.leadId,
          writeKey,
          failed,
          patch,
          'replace',
        )) === 1;
    }
    await this.redis.expire(key, RECORD_TTL_S);
    return added;
  }

  /** Moves a lead's entry to a new write status if it is still in one of `from`; true if it moved. */
  async transitionHandled(
    digestId: string,
    leadId: string,
    change: { writeKey: string; from: WriteStatus[]; to: Partial<HandledLead> },
  ): Promise<boolean> {
    const key = this.key('digest', digestId, 'handled');
    const moved = await this.redis.eval(
      TRANSITION_SCRIPT,
      1,
      key,
      leadId,
      change.writeKey,
      JSON.stringify(change.from),
      JSON.stringify(change.to),
      'merge',
    );
    return moved === 1;
  }

  async handled(digestId: string): Promise<Map<string, HandledLead>> {
    const all = await this.redis.hgetall(this.key('digest', digestId, 'handled'));
    return new Map(
      Object.entries(all).map(([leadId, json]) => [leadId, handledSchema.parse(JSON.parse(json))]),
    );
  }

  /** A fresh number for each edit of a digest, so every chat.update gets its own delivery key. */
  async nextRevision(digestId: string): Promise<number> {
    const key = this.key('digest', digestId, 'revision');
    const revision = await this.redis.incr(key);
    await this.redis.expire(key, RECORD_TTL_S);
    return revision;
  }

  // --- actions (nudge-to-action measurement) -----------------------------------------------------

  /** One member per action key, so the same click delivered twice counts once. */
  async recordAction(leadId: string, actionKey: string, at: Date): Promise<void> {
    const key = this.key('actions');
    await this.redis
      .multi()
      .zadd(key, 'NX', at.getTime(), `${leadId}|${actionKey}`)
      .zremrangebyscore(key, 0, at.getTime() - ACTION_RETENTION_MS)
      .exec();
  }

  async actionsBetween(from: Date, to: Date): Promise<{ leadId: string; at: Date }[]> {
    const flat = await this.redis.zrangebyscore(
      this.key('actions'),
      from.getTime(),
      to.getTime(),
      'WITHSCORES',
    );
    const actions: { leadId: string; at: Date }[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const member = flat[i] ?? '';
      actions.push({ leadId: member.slice(0, member.indexOf('|')), at: new Date(Number(flat[i + 1])) });
    }
    return actions;
  }

  // --- touches written to Salesforce but not synced back yet ------------------------------------

  /**
   * A click that touches or closes a lead (Log call, Log email, Disqualify), from its acceptance
   * until sync brings it back: lead lists leave the lead out meanwhile, so the clicker sees it gone.
   */
  async markPendingTouch(leadId: string, writeKey: string, at: Date): Promise<void> {
    const key = this.key('pending-touch', leadId);
    await this.redis
      .multi()
      .hset(key, writeKey, String(at.getTime()))
      .expire(key, PENDING_TOUCH_TTL_S)
      .exec();
  }

  /** A write Salesforce refused touched nothing: the lead is waiting again. */
  async clearPendingTouch(leadId: string, writeKey: string): Promise<void> {
    await this.redis.hdel(this.key('pending-touch', leadId), writeKey);
  }

  /** The latest pending touch of each of these leads that has one. */
  async pendingTouches(leadIds: readonly string[]): Promise<Map<string, Date>> {
    const results = await sendEach(
      this.redis,
      leadIds.map((leadId): RedisCommand => ['hvals', this.key('pending-touch', leadId)]),
    );
    const pending = new Map<string, Date>();
    results.forEach((values, index) => {
      const leadId = leadIds[index];
      if (!leadId || !Array.isArray(values) || values.length === 0) return;
      pending.set(leadId, new Date(Math.max(...values.map(Number))));
    });
    return pending;
  }

  /** The outcome a person last picked in Log call: their next Log call opens with it selected. */
  async lastCallOutcome(slackUserId: string): Promise<string | null> {
    return this.redis.get(this.key('last-call-outcome', slackUserId));
  }

  async rememberCallOutcome(slackUserId: string, outcome: string): Promise<void> {
    await this.redis.set(this.key('last-call-outcome', slackUserId), outcome, 'EX', 90 * 86_400);
  }

  // --- Salesforce writes being retried ---------------------------------------------------------

  /** Kept under sf:writes:, next to the write-back's own idempotency records (writes/write-back.ts). */
  private lastFailureKey(writeKey: string): string {
    return this.keys('sf', 'writes', 'last-failure', writeKey);
  }

  /** Why the last attempt of a write failed, so the "still saving" notice can say why. */
  async rememberWriteFailure(writeKey: string, failure: WriteFailure): Promise<void> {
    await this.redis.set(this.lastFailureKey(writeKey), JSON.stringify(failure), 'EX', LAST_FAILURE_TTL_S);
  }

  async lastWriteFailure(writeKey: string): Promise<WriteFailure | null> {
    const stored = await this.redis.get(this.lastFailureKey(writeKey));
    return stored ? writeFailureSchema.parse(JSON.parse(stored)) : null;
  }

  async forgetWriteFailure(writeKey: string): Promise<void> {
    await this.redis.del(this.lastFailureKey(writeKey));
  }
}
