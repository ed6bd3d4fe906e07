import type { Keyspace, RedisClient } from '../../../platform/redis.ts';

/**
 * Contest documents, the index by creation time and the version counter share the hash tag
 * `{contests}`, so the compare-and-set script that writes all three (contest-store.ts) stays in one
 * Redis Cluster slot. Before the tag they lived at `contest:<id>`, `contests:by-created` and
 * `contests:version`; a store renames them the first time a process touches it, before its first
 * read or write. Old layouts only exist on a single Redis node (bullpen did not run on Cluster
 * before the tag), where RENAME across slots is fine. Two processes doing it at once rename each key
 * once (RENAMENX; the loser's renames find nothing to move).
 */

export const CONTESTS_TAG = '{contests}';

/** Renames an old layout to the tagged keys; true when it moved one. */
export async function migrateContestKeys(redis: RedisClient, keys: Keyspace): Promise<boolean> {
  // Old layouts only ever existed on one node, and their keys are in other slots than the new ones.
  if (keys.cluster) return false;
  const oldIndex = keys('contests', 'by-created');
  const newIndex = keys(CONTESTS_TAG, 'by-created');
  const replies =
    (await redis.pipeline().exists(oldIndex).exists(newIndex).zrange(oldIndex, 0, -1).exec()) ?? [];
  const [oldCount, newCount, ids] = replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  if (Number(oldCount) === 0 || Number(newCount) === 1) return false;
  const move = redis.multi();
  for (const id of ids as string[]) move.renamenx(keys('contest', id), keys(CONTESTS_TAG, 'contest', id));
  move.renamenx(oldIndex, newIndex);
  move.renamenx(keys('contests', 'version'), keys(CONTESTS_TAG, 'version'));
  // A contest deleted by hand, or a counter never written, has nothing to move: its error is fine.
  await move.exec();
  return true;
}
