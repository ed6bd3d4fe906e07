// Snooze reads at 100,000 stored snoozes: the old read (HGETALL of one hash holding every snooze,
// what each `/leads`, digest and report paid) against the new one (ZMSCORE of the leads in hand, in
// the sorted set by expiry, with ended snoozes pruned in the same round trip). Called by
// `npm run bench`; a few seconds.
import { Redis } from 'ioredis';
import { NudgeState } from '../src/features/nudges/store.ts';
import { deleteKeysWithPrefix, keyspace } from '../src/platform/redis.ts';

const SNOOZES = 100_000;
const IN_HAND = 50;
const RUNS = 21;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

export async function benchSnoozes(): Promise<Record<string, number | string>> {
  const prefix = `bench-snoozes-${process.pid}-${Date.now()}`;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = keyspace(prefix);
  const now = new Date();
  const leadId = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
  try {
    const until = (n: number) => now.getTime() + ((n % 7) + 1) * 86_400_000;
    for (let i = 0; i < SNOOZES; i += 10_000) {
      const hash: Record<string, string> = {};
      const zset: (string | number)[] = [];
      for (let n = i; n < i + 10_000; n++) {
        hash[leadId(n)] = String(until(n));
        zset.push(until(n), leadId(n));
      }
      // The old layout under its own prefix, so the new read does not migrate it.
      await redis.hset(keyspace(`${prefix}-old`)('nudges', 'snoozes'), hash);
      await redis.zadd(keys('nudges', 'snoozes-until'), ...zset);
    }
    const inHand = Array.from({ length: IN_HAND }, (_, i) => leadId(i * 1999));
    const oldMs = await timeRuns(async () => {
      const all = await redis.hgetall(keyspace(`${prefix}-old`)('nudges', 'snoozes'));
      return new Map(Object.entries(all).map(([id, ms]) => [id, new Date(Number(ms))]));
    });
    const state = new NudgeState({ redis, keys });
    const newMs = await timeRuns(() => state.snoozesOf(inHand, now));
    return {
      snoozes: SNOOZES,
      leadsInHand: IN_HAND,
      oldWholeHashReadMs: Number(oldMs.toFixed(2)),
      newLeadsInHandReadMs: Number(newMs.toFixed(3)),
      oldOverNew: Number((oldMs / newMs).toFixed(0)),
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchSnoozes(), null, 2)}\n`);
}
