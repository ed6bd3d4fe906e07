import type { ChainableCommander } from 'ioredis';
import { RedisBacked } from '../../../platform/redis.ts';
import { pipelineAcrossSlots } from '../../../platform/redis-slots.ts';
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
import { APPLY_SUBJECT } from './ledger-scripts.ts';

/**
 * The Redis side of contest scoring. Points are ledger entries grouped by subject (the lead, or the
 * opportunity for won deals): scoring recomputes a subject's entries from Salesforce records and one
 * Lua script swaps the stored entries for the new ones, adjusting each rep's total and their place
 * on the leaderboard sorted set (ZADD with `encodeScore`'s layout) in the same atomic step. Applying
 * the same entries twice changes nothing, so a domain-event job that runs twice counts once.
 *
 * Keys per contest, all under the hash tag `{contest:<id>}` so the script stays in one Cluster slot:
 * ledger (hash entry key -> entry), subject:<id> (set of entry keys), subjects (set), totals (hash
 * rep -> points; `h:rep`/`d:rep` hit and decided counts for the SLA hit rate), rep:<id> (sorted set
 * entry key -> time, for "reached at" and "why"), board (sorted set), edit:<interval> (the board-edit
 * flag). Across contests, `contests:subject:<id>` (which contests hold entries for a subject) is
 * written beside the script in the same pipeline, not inside it: it belongs to no one contest's slot.
 * Ledgers written before the hash tags (`contest:<id>:...`) are renamed on first use
 * (ledger-migration.ts).
 */

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

/** One subject's new entries for one contest, and the board-edit interval to flag if they change it. */
export interface SubjectUpdate {
  contest: Contest;
  subject: string;
  entries: readonly LedgerEntry[];
  /** The live board's current edit interval; absent when the board is not edited live. */
  edit?: { interval: number; ttlMs: number };
}

/** What applying a subject did: how many entries changed, and whether it raised the edit flag. */
export interface SubjectApplied {
  changed: number;
  editFlagged: boolean;
}

/** The hash tag every key of one contest's ledger carries. */
export const contestTag = (contestId: string): string => `{contest:${contestId}}`;

export class ContestLedger extends RedisBacked {
  private key(contestId: string, ...parts: string[]): string {
    return this.keys(contestTag(contestId), ...parts);
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

  private applyArgs(update: SubjectUpdate): (string | number)[] {
    const { contest, subject, entries, edit } = update;
    const args: (string | number)[] = [
      this.key(contest.id, 'ledger'),
      this.key(contest.id, 'subject', subject),
      this.key(contest.id, 'totals'),
      this.boardKey(contest.id),
      this.key(contest.id, 'subjects'),
      this.key(contest.id, 'edit', edit ? String(edit.interval) : 'none'),
      `${this.key(contest.id, 'rep')}:`,
      contest.window.start.getTime(),
      contest.metric === 'sla_hit_rate' ? '1' : '0',
      SCORE_TIME_SLOT,
      subject,
      edit ? Math.max(1, Math.round(edit.ttlMs)) : 0,
    ];
    for (const entry of entries) args.push(entry.key, encodeEntry(entry));
    return args;
  }

  /**
   * Queues one subject's swap and its cross-contest index write. After the script the subject's
   * set holds exactly the incoming entries, so whether the contest still holds entries for the
   * subject is known before it runs.
   */
  private queueApply(pipeline: ChainableCommander, update: SubjectUpdate): void {
    pipeline.eval(APPLY_SUBJECT, 6, ...this.applyArgs(update));
    const index = this.contestsWithEntriesKey(update.subject);
    if (update.entries.length > 0) pipeline.sadd(index, update.contest.id);
    else pipeline.srem(index, update.contest.id);
  }

  /** Replaces one subject's entries; returns how many entries changed (0 when nothing did). */
  async applySubject(contest: Contest, subject: string, entries: readonly LedgerEntry[]): Promise<number> {
    const [applied] = await this.applySubjects([{ contest, subject, entries }]);
    return applied?.changed ?? 0;
  }

  /**
   * Applies several contests' subject updates in one round trip (one pipeline: a script and an
   * index write each; on Cluster sent per master, pipelineAcrossSlots). Each script is atomic on
   * its own contest; the index write beside it is not part of it, and a job that failed half way
   * is retried whole: the script applying the same entries again changes nothing.
   */
  async applySubjects(updates: readonly SubjectUpdate[]): Promise<SubjectApplied[]> {
    if (updates.length === 0) return [];
    const pipeline = pipelineAcrossSlots(this.redis);
    for (const update of updates) this.queueApply(pipeline, update);
    const replies = (await pipeline.exec()) ?? [];
    return updates.map((_, index) => {
      const [error, reply] = replies[index * 2] ?? [new Error('no reply from the ledger script'), null];
      if (error) throw error;
      const [changed, edit] = reply as [number, number];
      return { changed: Number(changed), editFlagged: Number(edit) === 1 };
    });
  }

  /** Lowers an interval's board-edit flag (its edit could not be scheduled). */
  async dropEditFlag(contestId: string, interval: number): Promise<void> {
    await this.redis.del(this.key(contestId, 'edit', String(interval)));
  }

  /** Every participant on the board with zero points, so the board lists people before they score. */
  async seedBoard(contest: Contest): Promise<void> {
    const zero = encodeScore(0, null, contest.window.start);
    const members = [...participantIds(contest)].flatMap((id) => [zero, id]);
    if (members.length > 0) await this.redis.zadd(this.boardKey(contest.id), 'NX', ...members);
  }

  /**
   * Rebuilds the whole ledger from a full scoring in one MULTI (one contest's slot): nothing reads a
   * half-rebuilt board.
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
    for (const [subject, group] of groups) {
      multi.eval(APPLY_SUBJECT, 6, ...this.applyArgs({ contest, subject, entries: group }));
    }
    await multi.exec();
    // The cross-contest index lives in other slots, so it follows the MULTI rather than joining it;
    // a crash in between leaves it listing a contest with nothing to take back, which costs a no-op.
    const index = pipelineAcrossSlots(this.redis);
    for (const subject of subjects) {
      if (!groups.has(subject)) index.srem(this.contestsWithEntriesKey(subject), contest.id);
    }
    for (const subject of groups.keys()) index.sadd(this.contestsWithEntriesKey(subject), contest.id);
    if (index.length > 0) await index.exec();
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
