import { Cluster, type ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis.ts';

/**
 * Batches whose keys may sit in different Redis Cluster slots. On one node they are what they always
 * were (one pipeline, or one MULTI); on Cluster each command goes out alone and the Cluster client's
 * auto-pipelining (enableAutoPipelining, createRedis) batches them per master: an ioredis
 * pipeline must stay on one master and a MULTI in one slot, so neither can carry them there.
 */

/** One command as [name, ...args], for sendEach. */
export type RedisCommand = [string, ...(string | number)[]];

/** A pipeline's or MULTI's replies, throwing the first error (a failed read is not a partial answer). */
export function repliesOf(results: [Error | null, unknown][] | null): unknown[] {
  return (results ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

type Reply = [Error | null, unknown];

/**
 * A pipeline for keys of any slots: `redis.pipeline()` on one node; on Cluster a stand-in whose
 * commands are sent as they are queued (each routed to its master, batched per master) and whose
 * `exec` collects their replies in order, as a pipeline's. Callers treat it as a pipeline of reads
 * or of writes that can be redone: on Cluster nothing ties the commands together.
 */
export function pipelineAcrossSlots(redis: RedisClient): ChainableCommander {
  if (!(redis instanceof Cluster)) return redis.pipeline();
  const sent: Promise<Reply>[] = [];
  const stand: object = new Proxy(
    {},
    {
      get(_target, name) {
        if (name === 'exec') return async (): Promise<Reply[]> => Promise.all(sent);
        if (name === 'length') return sent.length;
        if (typeof name !== 'string') return undefined;
        const method: unknown = Reflect.get(redis, name);
        if (typeof method !== 'function') return undefined;
        return (...args: unknown[]): object => {
          const reply = (method as (...a: unknown[]) => Promise<unknown>).apply(redis, args);
          sent.push(
            reply.then(
              (value): Reply => [null, value],
              (error: Error): Reply => [error, null],
            ),
          );
          return stand;
        };
      },
    },
  );
  return stand as ChainableCommander;
}

/**
 * Commands whose keys may sit in different slots, in one round trip where the client can: on one
 * node one pipeline (`atomic`: one MULTI, as before); on Cluster each command alone (see above). On
 * Cluster `atomic` is not kept: callers say why that is safe (reads, or writes that can be redone).
 */
export async function sendEach(
  redis: RedisClient,
  commands: readonly RedisCommand[],
  options: { atomic?: boolean } = {},
): Promise<unknown[]> {
  if (commands.length === 0) return [];
  if (redis instanceof Cluster) {
    return Promise.all(commands.map(([name, ...args]) => redis.call(name, ...args)));
  }
  const batch = options.atomic ? redis.multi([...commands]) : redis.pipeline([...commands]);
  return repliesOf(await batch.exec());
}
