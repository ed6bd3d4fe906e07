import { Cluster, type Redis } from 'ioredis';
import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import { participantIds, type Contest } from '../domain/model.ts';
import { contestTag } from './ledger-store.ts';

/**
 * Ledgers written before the hash tags lived at `contest:<id>:<part>`; they now live at
 * `{contest:<id>}:<part>` so the scoring script stays in one Cluster slot. A contest whose ledger is
 * still in the old layout has it renamed the first time this process scores or shows it: the
 * board, totals, ledger, subject sets and per-rep sets keep their points, and nothing is recounted.
 * Old layouts only exist on a single Redis node (bullpen did not run on Cluster before the tags), where
 * RENAME across slots is fine. Contest documents, finalisation steps and the board message keep
 * their keys: no script spans them and another contest key.
 */
export class LedgerMigration {
  private readonly redis: Redis;
  private readonly keys: Keyspace;
  /** Contests already checked by this process: the check costs one pipelined read per contest, once. */
  private readonly checked = new Set<string>();

  constructor(redis: Redis, keys: Keyspace) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Renames an old-layout ledger to the tagged keys; true when it moved one. */
  async migrate(contest: Contest): Promise<boolean> {
    return (await this.migrateAll([contest])) > 0;
  }

  /**
   * Checks every contest not yet checked by this process in one pipeline, and renames the ledgers
   * still in the old layout; returns how many it moved.
   */
  async migrateAll(contests: readonly Contest[]): Promise<number> {
    const unchecked = contests.filter((contest) => !this.checked.has(contest.id));
    if (unchecked.length === 0) return 0;
    const reads = this.redis.pipeline();
    for (const contest of unchecked) {
      const legacy = (...parts: string[]) => this.keys('contest', contest.id, ...parts);
      reads
        .exists(legacy('board'))
        .exists(this.keys(contestTag(contest.id), 'board'))
        .smembers(legacy('subjects'))
        .zrange(legacy('board'), 0, -1);
    }
    const replies = ((await reads.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    let moved = 0;
    for (const [index, contest] of unchecked.entries()) {
      const [oldBoard, newBoard, subjects, boardReps] = replies.slice(4 * index, 4 * index + 4);
      if (Number(oldBoard) === 1 && Number(newBoard) === 0) {
        await this.move(contest, subjects as string[], boardReps as string[]);
        moved += 1;
      }
      this.checked.add(contest.id);
    }
    return moved;
  }

  private async move(contest: Contest, subjects: string[], boardReps: string[]): Promise<void> {
    const legacy = (...parts: string[]) => this.keys('contest', contest.id, ...parts);
    const tagged = (...parts: string[]) => this.keys(contestTag(contest.id), ...parts);
    const reps = new Set([...participantIds(contest), ...boardReps]);
    const parts: string[][] = [
      ['ledger'],
      ['totals'],
      ['board'],
      ['subjects'],
      ...subjects.map((subject) => ['subject', subject]),
      ...[...reps].map((rep) => ['rep', rep]),
    ];
    const present = await this.redis.pipeline(parts.map((part) => ['exists', legacy(...part)])).exec();
    const move = this.redis.multi();
    parts.forEach((part, index) => {
      if (Number(present?.[index]?.[1]) === 1) move.renamenx(legacy(...part), tagged(...part));
    });
    await move.exec();
  }
}

/** Old ledger layouts only ever existed on one Redis node: on Cluster there is nothing to move. */
export function ledgerMigrationFor(
  redis: RedisClient,
  keys: Keyspace,
): Pick<LedgerMigration, 'migrate' | 'migrateAll'> {
  if (redis instanceof Cluster) return { migrate: async () => false, migrateAll: async () => 0 };
  return new LedgerMigration(redis, keys);
}
