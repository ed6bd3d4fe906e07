import type { Redis } from 'ioredis';
import { RedisBacked } from '../../../platform/redis.ts';
import { participantIds, type Contest } from '../domain/model.ts';
import {
  decodeScore,
  encodeScore,
  rankStandings,
  SCORE_TIME_SLOT,
  type RankedRow,
  type RankingRules,
  type Score,
} from '../domain/ranking.ts';
import type { LedgerEntry, LedgerRule } from '../domain/scoring-types.ts';

/**
 * The Redis side of contest scoring. Points are ledger entries grouped by subject (the lead, or the
 * opportunity for won deals): scoring recomputes a subject's entries from Salesforce records and one
 * Lua script swaps the stored entries for the new ones, adjusting each rep's total and their place
 * on the leaderboard sorted set (ZADD with `encodeScore`'s layout) in the same atomic step. Applying
 * the same entries twice changes nothing, so a domain-event job that runs twice counts once.
 *
 * Keys per contest: ledger (hash entry key -> entry), subject:<id> (set of entry keys),
 * subjects (set), and across contests `contests:subject:<id>` (which contests hold entries for it), totals (hash rep -> points; `h:rep`/`d:rep` hit and decided counts for the SLA
 * hit rate), rep:<id> (sorted set entry key -> time, for "reached at" and "why"), board (sorted set).
 */

const APPLY_SUBJECT = `
local L, S, P, B, ALL = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local repPrefix, start, rate, slot, subject = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4]), ARGV[5]
local incoming = {}
for i = 7, #ARGV, 2 do incoming[ARGV[i]] = ARGV[i + 1] end
local touched = {}
local changed = 0
local function adjust(e, sign)
  if rate then
    redis.call('HINCRBY', P, 'd:' .. e.r, sign)
    if e.u == 'sla_hit' then redis.call('HINCRBY', P, 'h:' .. e.r, sign) end
  else
    redis.call('HINCRBY', P, e.r, sign * e.p)
  end
  if sign < 0 then
    redis.call('ZREM', repPrefix .. e.r, e.k)
  elseif rate or e.p > 0 then
    redis.call('ZADD', repPrefix .. e.r, string.format('%.0f', e.t), e.k)
  end
  touched[e.r] = true
end
for _, key in ipairs(redis.call('SMEMBERS', S)) do
  local old = redis.call('HGET', L, key)
  if incoming[key] ~= old then
    if old then adjust(cjson.decode(old), -1); redis.call('HDEL', L, key) end
    if incoming[key] == nil then redis.call('SREM', S, key) end
    changed = changed + 1
  end
end
for key, json in pairs(incoming) do
  local old = redis.call('HGET', L, key)
  if old ~= json then
    if old then adjust(cjson.decode(old), -1) end
    redis.call('HSET', L, key, json)
    redis.call('SADD', S, key)
    adjust(cjson.decode(json), 1)
    changed = changed + 1
  end
end
for rep, _ in pairs(touched) do
  local points
  if rate then
    local hits = tonumber(redis.call('HGET', P, 'h:' .. rep) or '0')
    local decided = tonumber(redis.call('HGET', P, 'd:' .. rep) or '0')
    if decided > 0 then points = math.floor(10000 * hits / decided + 0.5) else points = 0 end
  else
    points = tonumber(redis.call('HGET', P, rep) or '0')
  end
  local elapsed = slot - 1
  local top = redis.call('ZREVRANGE', repPrefix .. rep, 0, 0, 'WITHSCORES')
  if top[2] then
    elapsed = math.floor((tonumber(top[2]) - start) / 1000)
    if elapsed < 0 then elapsed = 0 end
    if elapsed > slot - 2 then elapsed = slot - 2 end
  end
  redis.call('ZADD', B, string.format('%.0f', points * slot + (slot - 1 - elapsed)), rep)
end
if redis.call('SCARD', S) == 0 then
  redis.call('SREM', ALL, subject)
  redis.call('SREM', KEYS[6], ARGV[6])
else
  redis.call('SADD', ALL, subject)
  redis.call('SADD', KEYS[6], ARGV[6])
end
return changed
`;

/** What is stored per entry: short field names, time in epoch ms so the script can read it. */
interface StoredEntry {
  k: string;
  r: string;
  u: LedgerRule;
  id: string;
  p: number;
  t: number;
  l?: string;
}

const encodeEntry = (entry: LedgerEntry): string =>
  JSON.stringify({
    k: entry.key,
    r: entry.repId,
    u: entry.rule,
    id: entry.recordId,
    p: entry.points,
    t: entry.at.getTime(),
    ...(entry.leadId === undefined ? {} : { l: entry.leadId }),
  } satisfies StoredEntry);

function decodeEntry(contestId: string, json: string): LedgerEntry {
  const stored = JSON.parse(json) as StoredEntry;
  return {
    key: stored.k,
    contestId,
    repId: stored.r,
    rule: stored.u,
    recordId: stored.id,
    points: stored.p,
    at: new Date(stored.t),
    ...(stored.l === undefined ? {} : { leadId: stored.l }),
  };
}

/** Won deals are their own subject; every other rule belongs to the lead it was scored on. */
export const subjectOf = (entry: LedgerEntry): string =>
  entry.rule === 'opportunity_won' ? entry.recordId : (entry.leadId ?? entry.recordId);

export function groupBySubject(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    const subject = subjectOf(entry);
    const group = groups.get(subject);
    if (group) group.push(entry);
    else groups.set(subject, [entry]);
  }
  return groups;
}

type Pipeline = ReturnType<Redis['multi']>;

export class ContestLedger extends RedisBacked {
  private key(contestId: string, ...parts: string[]): string {
    return this.keys('contest', contestId, ...parts);
  }

  /**
   * Across contests: which contests hold entries for a subject. A rescore must revisit those even
   * when no participant owns the records any more (a task moved to someone else).
   */
  contestsWithEntriesKey(subject: string): string {
    return this.keys('contests', 'subject', subject);
  }

  async contestsWithEntries(subject: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.contestsWithEntriesKey(subject)));
  }

  boardKey(contestId: string): string {
    return this.key(contestId, 'board');
  }

  private applyArgs(contest: Contest, subject: string, entries: readonly LedgerEntry[]): (string | number)[] {
    const args: (string | number)[] = [
      this.key(contest.id, 'ledger'),
      this.key(contest.id, 'subject', subject),
      this.key(contest.id, 'totals'),
      this.boardKey(contest.id),
      this.key(contest.id, 'subjects'),
      this.contestsWithEntriesKey(subject),
      `${this.key(contest.id, 'rep')}:`,
      contest.window.start.getTime(),
      contest.metric === 'sla_hit_rate' ? '1' : '0',
      SCORE_TIME_SLOT,
      subject,
      contest.id,
    ];
    for (const entry of entries) args.push(entry.key, encodeEntry(entry));
    return args;
  }

  /** Replaces one subject's entries; returns how many entries changed (0 when nothing did). */
  async applySubject(contest: Contest, subject: string, entries: readonly LedgerEntry[]): Promise<number> {
    const result = await this.redis.eval(APPLY_SUBJECT, 6, ...this.applyArgs(contest, subject, entries));
    return Number(result);
  }

  private queueApply(pipeline: Pipeline, contest: Contest, subject: string, entries: readonly LedgerEntry[]) {
    pipeline.eval(APPLY_SUBJECT, 6, ...this.applyArgs(contest, subject, entries));
  }

  /** Every participant on the board with zero points, so the board lists people before they score. */
  async seedBoard(contest: Contest): Promise<void> {
    const zero = encodeScore(0, null, contest.window.start);
    const members = [...participantIds(contest)].flatMap((id) => [zero, id]);
    if (members.length > 0) await this.redis.zadd(this.boardKey(contest.id), 'NX', ...members);
  }

  /**
   * Rebuilds the whole ledger from a full scoring in one MULTI: nothing reads a half-rebuilt board.
   * Used by recompute and before the final post.
   */
  async replaceAll(contest: Contest, entries: readonly LedgerEntry[]): Promise<void> {
    const subjects = await this.redis.smembers(this.key(contest.id, 'subjects'));
    const reps = new Set([...participantIds(contest), ...entries.map((entry) => entry.repId)]);
    const multi = this.redis.multi();
    multi.del(
      this.key(contest.id, 'ledger'),
      this.key(contest.id, 'totals'),
      this.boardKey(contest.id),
      this.key(contest.id, 'subjects'),
      ...subjects.map((subject) => this.key(contest.id, 'subject', subject)),
      ...[...reps].map((rep) => this.key(contest.id, 'rep', rep)),
    );
    const zero = encodeScore(0, null, contest.window.start);
    const members = [...participantIds(contest)].flatMap((id) => [zero, id]);
    if (members.length > 0) multi.zadd(this.boardKey(contest.id), ...members);
    const groups = groupBySubject(entries);
    for (const subject of subjects) {
      if (!groups.has(subject)) multi.srem(this.contestsWithEntriesKey(subject), contest.id);
    }
    for (const [subject, group] of groups) this.queueApply(multi, contest, subject, group);
    await multi.exec();
  }

  /** The board's scores; for an SLA hit rate each carries the hits and decided counts behind it. */
  async scores(contest: Contest): Promise<Score[]> {
    const rate = contest.metric === 'sla_hit_rate';
    const [flat, totals] = await Promise.all([
      this.redis.zrevrange(this.boardKey(contest.id), 0, -1, 'WITHSCORES'),
      rate ? this.redis.hgetall(this.key(contest.id, 'totals')) : Promise.resolve<Record<string, string>>({}),
    ]);
    const count = (field: string): number => Number(totals[field] ?? 0);
    const scores: Score[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const repId = flat[i] ?? '';
      const { points, reachedAt } = decodeScore(Number(flat[i + 1]), contest.window.start);
      const tally = rate ? { tally: { hits: count(`h:${repId}`), decided: count(`d:${repId}`) } } : {};
      scores.push({ repId, points, reachedAt, ...tally });
    }
    return scores;
  }

  async standings(contest: Contest, rules: RankingRules = {}): Promise<RankedRow[]> {
    return rankStandings(await this.scores(contest), rules);
  }

  async entries(contest: Contest): Promise<LedgerEntry[]> {
    const values = await this.redis.hvals(this.key(contest.id, 'ledger'));
    return values.map((json) => decodeEntry(contest.id, json));
  }

  /** The entries behind one rep's score, newest first (rule 'sla_miss' included for hit rates). */
  async entriesForRep(contest: Contest, repId: string, limit = 200): Promise<LedgerEntry[]> {
    const keys = await this.redis.zrevrange(this.key(contest.id, 'rep', repId), 0, limit - 1);
    if (keys.length === 0) return [];
    const values = await this.redis.hmget(this.key(contest.id, 'ledger'), ...keys);
    return values.filter((v): v is string => v !== null).map((json) => decodeEntry(contest.id, json));
  }
}
