import type { Redis } from 'ioredis';
import type { Keyspace } from '../../../platform/redis.ts';
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
  /** Contests already checked by this process: the check costs one read per contest, once. */
  private readonly checked = new Set<string>();

  constructor(redis: Redis, keys: Keyspace) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Renames an old-layout ledger to the tagged keys; true when it moved one. */
  async migrate(contest: Contest): Promise<boolean> {
    if (this.checked.has(contest.id)) return false;
    const legacy = (...parts: string[]) => this.keys('contest', contest.id, ...parts);
    const tagged = (...parts: string[]) => this.keys(contestTag(contest.id), ...parts);
    const replies =
      (await this.redis
        .pipeline()
        .exists(legacy('board'))
        .exists(tagged('board'))
        .smembers(legacy('subjects'))
        .zrange(legacy('board'), 0, -1)
        .exec()) ?? [];
    const [oldBoard, newBoard, subjects, boardReps] = replies.map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    if (Number(oldBoard) === 0 || Number(newBoard) === 1) {
      this.checked.add(contest.id);
      return false;
    }
    const reps = new Set([...participantIds(contest), ...(boardReps as string[])]);
    const parts: string[][] = [
      ['ledger'],
      ['totals'],
      ['board'],
      ['subjects'],
      ...(subjects as string[]).map((subject) => ['subject', subject]),
      ...[...reps].map((rep) => ['rep', rep]),
    ];
    const present = await this.redis.pipeline(parts.map((part) => ['exists', legacy(...part)])).exec();
    const move = this.redis.multi();
    parts.forEach((part, index) => {
      if (Number(present?.[index]?.[1]) === 1) move.renamenx(legacy(...part), tagged(...part));
    });
    await move.exec();
    this.checked.add(contest.id);
    return true;
  }
}
