import type { Keyspace, RedisClient } from '../../../platform/redis.ts';

/**
 * The contests' small Redis keys besides contests and ledgers: the lead sources the modal offers,
 * launch claims (one contest per repeated command), the cached user-group list, which lead an
 * opportunity was converted from, the steps a finalisation has done, and where the live board is.
 */

const LEAD_SOURCES_TTL_S = 3600;
const LAUNCH_CLAIM_TTL_S = 60;
const USERGROUPS_TTL_S = 600;
const OPPORTUNITY_LEAD_TTL_S = 90 * 86_400;

/** Which delivery holds the live board when it is no longer the first post, or why it is lost. */
export interface BoardState {
  /** The delivery key of the re-posted board; null while the first post is the board. */
  key: string | null;
  /** Why the board can no longer be shown; null while it can. */
  lost: string | null;
}

export interface Usergroup {
  id: string;
  name: string;
}

export class ContestSideStore {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;

  constructor(deps: { redis: RedisClient; keys: Keyspace }) {
    this.redis = deps.redis;
    this.keys = deps.keys;
  }

  private get leadSourcesKey(): string {
    return this.keys('contests', 'lead-sources');
  }

  /** The lead sources seen in synced leads, sorted; empty until the worker listed them. */
  async leadSources(): Promise<string[]> {
    return (await this.redis.smembers(this.leadSourcesKey)).sort();
  }

  async replaceLeadSources(sources: ReadonlySet<string>): Promise<void> {
    const multi = this.redis.multi().del(this.leadSourcesKey);
    if (sources.size > 0) multi.sadd(this.leadSourcesKey, ...sources);
    await multi.expire(this.leadSourcesKey, LEAD_SOURCES_TTL_S).exec();
  }

  /** True for the first claim of this fingerprint digest in a minute (SET NX). */
  async claimLaunch(userId: string, digest: string): Promise<boolean> {
    const key = this.keys('contests', 'launch-claim', userId, digest);
    return (await this.redis.set(key, 'pending', 'EX', LAUNCH_CLAIM_TTL_S, 'NX')) !== null;
  }

  async cachedUsergroups(): Promise<Usergroup[] | null> {
    const cached = await this.redis.get(this.keys('contests', 'usergroups'));
    return cached ? (JSON.parse(cached) as Usergroup[]) : null;
  }

  async cacheUsergroups(groups: readonly Usergroup[]): Promise<void> {
    await this.redis.set(this.keys('contests', 'usergroups'), JSON.stringify(groups), 'EX', USERGROUPS_TTL_S);
  }

  private opportunityLeadKey(opportunityId: string): string {
    return this.keys('contests', 'opportunity-lead', opportunityId);
  }

  async rememberOpportunityLead(opportunityId: string, leadId: string): Promise<void> {
    await this.redis.set(this.opportunityLeadKey(opportunityId), leadId, 'EX', OPPORTUNITY_LEAD_TTL_S);
  }

  async opportunityLead(opportunityId: string): Promise<string | null> {
    return this.redis.get(this.opportunityLeadKey(opportunityId));
  }

  /** The hash recording which finalisation steps of a contest are done, and their results. */
  private finalKey(contestId: string): string {
    return this.keys('contest', contestId, 'final');
  }

  async finalSteps(contestId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.finalKey(contestId));
  }

  async finalStep(contestId: string, field: string): Promise<string | null> {
    return this.redis.hget(this.finalKey(contestId), field);
  }

  /** Records a step's result unless one is there already (HSETNX: the first recount wins). */
  async recordFinalStepOnce(contestId: string, field: string, value: string): Promise<void> {
    await this.redis.hsetnx(this.finalKey(contestId), field, value);
  }

  async recordFinalStep(contestId: string, field: string, value: string): Promise<void> {
    await this.redis.hset(this.finalKey(contestId), field, value);
  }

  private boardKey(contestId: string): string {
    return this.keys('contest', contestId, 'board-message');
  }

  async board(contestId: string): Promise<BoardState> {
    const [key, lost] = await this.redis.hmget(this.boardKey(contestId), 'key', 'lost');
    return { key: key ?? null, lost: lost ?? null };
  }

  /** Later edits of the live board go to this delivery's message. */
  async moveBoard(contestId: string, deliveryKey: string): Promise<void> {
    await this.redis.hset(this.boardKey(contestId), 'key', deliveryKey);
  }

  /** True for the first caller only (HSETNX), so a lost board is reported once. */
  async markBoardLost(contestId: string, reason: string): Promise<boolean> {
    return (await this.redis.hsetnx(this.boardKey(contestId), 'lost', reason)) === 1;
  }
}
