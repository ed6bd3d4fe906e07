import { z } from 'zod';
import { RedisBacked } from '../../../platform/redis.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { CONTESTS_TAG, migrateContestKeys } from './contest-key-migration.ts';
import { contestSchema, type Contest, type TransitionResult } from '../domain/model.ts';

/**
 * Contests in Redis: one JSON string per contest, an index of every contest by creation time and
 * a version counter that moves on every write (scorers cache the running contests and reload only
 * when it moves). Every change is a compare-and-set on the stored JSON, done by one Lua script, so
 * a job that runs twice, or two workers, cannot both win the same transition. The three share the
 * hash tag `{contests}` (one Redis Cluster slot for the script; contest-key-migration.ts).
 */

const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('INCR', KEYS[3])
return 1
`;

const MAX_CAS_ATTEMPTS = 10;
const DRAFT_TTL_S = 14 * 86_400;

export type UpdateResult =
  | { ok: true; contest: Contest; previous: Contest; changed: true }
  | { ok: false; error: string; contest: Contest | null };

const draftSchema = z.object({
  draft: z.record(z.string(), z.unknown()),
  createdBy: z.string(),
  originChannelId: z.string(),
});

export class ContestStore extends RedisBacked {
  private contestKey(id: string): string {
    return this.keys(CONTESTS_TAG, 'contest', id);
  }

  private get indexKey(): string {
    return this.keys(CONTESTS_TAG, 'by-created');
  }

  /**
   * Scoring reads it in its own pipeline: in a process that has not yet renamed an old layout that
   * read finds no counter ('0'), the load that follows renames it, and the next read reloads.
   */
  get versionKey(): string {
    return this.keys(CONTESTS_TAG, 'version');
  }

  /** Keys of the layout before the tag are renamed before this store's first read or write. */
  private migrated: Promise<boolean> | null = null;

  private async ready(): Promise<void> {
    this.migrated ??= migrateContestKeys(this.redis, this.keys).catch((error: unknown) => {
      this.migrated = null; // tried again by the next call
      throw error;
    });
    await this.migrated;
  }

  async version(): Promise<string> {
    await this.ready();
    return (await this.redis.get(this.versionKey)) ?? '0';
  }

  async get(id: string): Promise<Contest | null> {
    await this.ready();
    return parseContest(await this.redis.get(this.contestKey(id)));
  }

  /** Creates a contest; false when the id is taken (a retried launch). */
  async create(contest: Contest): Promise<boolean> {
    const stored = await this.compareAndSet(contest.id, '', contest);
    return stored;
  }

  private async compareAndSet(id: string, expected: string, next: Contest): Promise<boolean> {
    await this.ready();
    const result = await this.redis.eval(
      COMPARE_AND_SET,
      3,
      this.contestKey(id),
      this.indexKey,
      this.versionKey,
      expected,
      JSON.stringify(next),
      String(next.createdAt.getTime()),
      id,
    );
    return result === 1;
  }

  /**
   * Applies a pure transition with compare-and-set, retrying when another writer got there first.
   * The transition sees the freshest contest each time, so a repeated `end` fails cleanly as
   * "already ended" instead of ending twice.
   */
  async update(id: string, transition: (contest: Contest) => TransitionResult): Promise<UpdateResult> {
    await this.ready();
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.contestKey(id));
      const current = parseContest(raw);
      if (!current || raw === null) return { ok: false, error: `there is no contest ${id}`, contest: null };
      const result = transition(current);
      if (!result.ok) return { ok: false, error: result.error, contest: current };
      if (await this.compareAndSet(id, raw, result.contest)) {
        return { ok: true, contest: result.contest, previous: current, changed: true };
      }
    }
    return { ok: false, error: `contest ${id} is changing too often; try again`, contest: null };
  }

  /** Newest first. */
  async list(limit = 200): Promise<Contest[]> {
    await this.ready();
    const ids = await this.redis.zrevrange(this.indexKey, 0, limit - 1);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => this.contestKey(id)));
    return values.map(parseContest).filter((contest): contest is Contest => contest !== null);
  }

  async listByStatus(...statuses: Contest['status'][]): Promise<Contest[]> {
    return (await this.list()).filter((contest) => statuses.includes(contest.status));
  }

  /** Saves a draft for later launch; returns its id. */
  async saveDraft(draftId: string, createdBy: string, originChannelId: string, draft: ContestDraft) {
    await this.redis.set(
      this.keys('contest-draft', draftId),
      JSON.stringify({ draft, createdBy, originChannelId }),
      'EX',
      DRAFT_TTL_S,
    );
  }

  async takeDraft(
    draftId: string,
  ): Promise<{ draft: ContestDraft; createdBy: string; originChannelId: string } | null> {
    const raw = await this.redis.getdel(this.keys('contest-draft', draftId));
    if (!raw) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const draft = parsed.data.draft as unknown as ContestDraft;
    // Dates do not survive JSON; restore the one a draft holds.
    if (typeof draft.startAt === 'string') draft.startAt = new Date(draft.startAt);
    return { ...parsed.data, draft };
  }

  async peekDraft(draftId: string): Promise<{ createdBy: string } | null> {
    const raw = await this.redis.get(this.keys('contest-draft', draftId));
    if (!raw) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { createdBy: parsed.data.createdBy } : null;
  }
}

export function parseContest(raw: string | null | undefined): Contest | null {
  if (!raw) return null;
  const parsed = contestSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
