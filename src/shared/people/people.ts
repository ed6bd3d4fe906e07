import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../platform/http/logger.ts';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SyncedRecordStore } from '../sync/synced-records.ts';
import { slackErrorCode } from '../../platform/slack/replies.ts';

/**
 * Who is who: Salesforce User.Email matched to a Slack member with users.lookupByEmail (Tier 3, so
 * results are cached and re-checked only weekly), with manual overrides from the policy file.
 * Owners that match nobody are listed for the admin (`bullpen doctor`), never guessed.
 */

const lookupSchema = z.object({
  ok: z.literal(true),
  user: z.object({ id: z.string(), deleted: z.boolean().optional() }),
});

export interface UnmatchedUser {
  salesforceId: string;
  name: string;
  email: string | null;
  reason: 'no-email' | 'not-in-slack';
}

/**
 * The directory's matches, unmatched owners and check times, under one tag (one Cluster slot): a
 * match is written to both directions, the unmatched list and the check time in one MULTI.
 */
export const peopleKey = (keys: Keyspace, name: string): string => keys(keys.tag('people'), name);

const RECHECK_AFTER_MS = 7 * 86_400_000;

export class PeopleDirectory {
  private readonly client: WebClient;
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly store: SyncedRecordStore;
  private readonly overrides: Record<string, string>;
  private readonly logger: Logger;

  constructor(deps: {
    client: WebClient;
    redis: RedisClient;
    keys: Keyspace;
    store: SyncedRecordStore;
    overrides: Record<string, string>;
    logger: Logger;
  }) {
    this.client = deps.client;
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.store = deps.store;
    this.overrides = Object.fromEntries(
      Object.entries(deps.overrides).map(([email, id]) => [email.toLowerCase(), id]),
    );
    this.logger = deps.logger;
  }

  private key(name: string): string {
    return peopleKey(this.keys, name);
  }

  async slackIdFor(salesforceUserId: string): Promise<string | null> {
    return this.redis.hget(this.key('sf-to-slack'), salesforceUserId);
  }

  /** The Slack ids of many Salesforce users in one round trip (null: not matched). */
  async slackIdsFor(salesforceUserIds: readonly string[]): Promise<(string | null)[]> {
    if (salesforceUserIds.length === 0) return [];
    return this.redis.hmget(this.key('sf-to-slack'), ...salesforceUserIds);
  }

  /** Queues slackIdFor's read in a caller's pipeline; its reply is the Slack id or null. */
  queueSlackIdFor(reads: ChainableCommander, salesforceUserId: string): void {
    reads.hget(this.key('sf-to-slack'), salesforceUserId);
  }

  async salesforceIdFor(slackUserId: string): Promise<string | null> {
    return this.redis.hget(this.key('slack-to-sf'), slackUserId);
  }

  async unmatched(): Promise<UnmatchedUser[]> {
    const values = await this.redis.hvals(this.key('unmatched'));
    return values.map((v) => JSON.parse(v) as UnmatchedUser);
  }

  private async link(salesforceId: string, slackId: string): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key('sf-to-slack'), salesforceId, slackId)
      .hset(this.key('slack-to-sf'), slackId, salesforceId)
      .hdel(this.key('unmatched'), salesforceId)
      .hset(this.key('checked'), salesforceId, Date.now())
      // A fresh token with every match: a memo of who is who (people-zones.ts) reads them again.
      .set(this.key('version'), randomUUID())
      .exec();
  }

  private async markUnmatched(user: UnmatchedUser): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key('unmatched'), user.salesforceId, JSON.stringify(user))
      .hset(this.key('checked'), user.salesforceId, Date.now())
      .exec();
  }

  /** Only people who own leads or opportunities, or manage someone, need a Slack match. */
  private async needsSlack(salesforceId: string): Promise<boolean> {
    return this.store.ownsOrManagesAnything(salesforceId);
  }

  private async unmatchedIfOwner(user: UnmatchedUser): Promise<void> {
    if (await this.needsSlack(user.salesforceId)) {
      await this.markUnmatched(user);
    } else {
      await this.redis
        .multi()
        .hdel(this.key('unmatched'), user.salesforceId)
        .hset(this.key('checked'), user.salesforceId, Date.now())
        .exec();
    }
  }

  /**
   * Matches every active synced Salesforce user; returns how many are matched and which owners are
   * not (users who own nothing, like an integration user, are not reported).
   */
  async matchAll(
    now = Date.now(),
  ): Promise<{ matched: number; unmatched: UnmatchedUser[]; lookups: number }> {
    let lookups = 0;
    const checked = await this.redis.hgetall(this.key('checked'));
    for await (const users of this.store.scan('User')) {
      for (const user of users) {
        if (!user.IsActive) continue;
        const email = user.Email?.toLowerCase() ?? null;
        const override = email ? this.overrides[email] : undefined;
        if (override) {
          await this.link(user.Id, override);
          continue;
        }
        if (!email) {
          await this.markUnmatched({
            salesforceId: user.Id,
            name: user.Name,
            email: null,
            reason: 'no-email',
          });
          continue;
        }
        const lastChecked = Number(checked[user.Id] ?? 0);
        if (now - lastChecked < RECHECK_AFTER_MS) continue;
        lookups += 1;
        try {
          const response = lookupSchema.parse(await this.client.users.lookupByEmail({ email }));
          if (response.user.deleted) {
            await this.markUnmatched({
              salesforceId: user.Id,
              name: user.Name,
              email,
              reason: 'not-in-slack',
            });
          } else {
            await this.link(user.Id, response.user.id);
          }
        } catch (error) {
          const code = slackErrorCode(error);
          if (code !== 'users_not_found') throw error;
          await this.unmatchedIfOwner({
            salesforceId: user.Id,
            name: user.Name,
            email,
            reason: 'not-in-slack',
          });
        }
      }
    }
    const matched = await this.redis.hlen(this.key('sf-to-slack'));
    const unmatched = await this.unmatched();
    if (unmatched.length > 0) {
      this.logger.warn(
        { count: unmatched.length },
        'Salesforce users without a Slack match (see bullpen doctor)',
      );
    }
    return { matched, unmatched, lookups };
  }
}
