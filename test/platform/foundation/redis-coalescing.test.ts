import type { Socket } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { defineQueue } from '../../../src/platform/jobs/queue-spec.ts';
import { JobRuntime } from '../../../src/platform/jobs/runtime.ts';
import { closeRedis, createCluster, createRedis } from '../../../src/platform/redis.ts';
import { CoalescingConnector } from '../../../src/platform/redis-coalescing.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';

/**
 * The reads a job starts together leave in one socket write, each still its own command: a write
 * system call per command was the biggest single item of a worker's CPU in the acks bench. Counted
 * on the socket's own write hooks (one call per write handed to the kernel), no timing involved.
 */

function countSocketWrites(redis: Redis): { writes: number; chunks: number } {
  const socket = redis.stream as Socket & {
    _write: (...args: unknown[]) => void;
    _writev: (chunks: unknown[], callback: unknown) => void;
  };
  const counted = { writes: 0, chunks: 0 };
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...args) => {
    counted.writes += 1;
    counted.chunks += 1;
    write(...args);
  };
  socket._writev = (chunks, callback) => {
    counted.writes += 1;
    counted.chunks += chunks.length;
    writev(chunks, callback);
  };
  return counted;
}

describe('Redis commands sent in one event-loop turn', () => {
  const fixture = useRedis();
  const clients: Redis[] = [];
  const runtimes: JobRuntime[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => closeRedis(client)));
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.close(1_000)));
  });

  /** Once connected: BullMQ types its clients as its own interface; on one node they are ioredis's. */
  async function ready(pending: Promise<unknown>): Promise<Redis> {
    const client = (await pending) as Redis;
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }

  function connected(): Promise<Redis> {
    const client = createRedis(TEST_REDIS_URL, 'commands');
    clients.push(client);
    return ready(Promise.resolve(client));
  }

  function jobRuntime(): JobRuntime {
    const runtime = new JobRuntime({
      redisUrl: TEST_REDIS_URL,
      prefix: fixture.prefix,
      logger: createLogger({ level: 'silent' }),
    });
    runtimes.push(runtime);
    return runtime;
  }

  /** The connection BullMQ enqueues on, as the job runtime configures it. */
  const queueConnection = (): Promise<Redis> => ready(jobRuntime().queueNamed('coalescing').backend.client);

  /** The non-blocking connection of a BullMQ worker the job runtime starts. */
  function workerConnection(): Promise<Redis> {
    const runtime = jobRuntime();
    runtime.process(defineQueue<{ noop: Record<string, never> }>('coalescing'), {
      noop: async () => undefined,
    });
    runtime.startWorkers();
    // The runtime keeps its workers to itself; the test reads the one it started.
    const [worker] = (runtime as unknown as { workers: Worker[] }).workers;
    return ready(worker!.backend.client);
  }

  it.each([
    ['command', connected],
    ['job queue', queueConnection],
    ['job worker', workerConnection],
  ] as const)('leave in one socket write on the %s connection', async (_name, connect) => {
    const client = await connect();
    const key = (name: string) => `${fixture.prefix}:${name}`;
    await fixture.redis.mset(key('a'), '1', key('b'), '2', key('c'), '3');
    const counted = countSocketWrites(client);

    const replies = await Promise.all([client.get(key('a')), client.get(key('b')), client.get(key('c'))]);

    expect(replies).toEqual(['1', '2', '3']);
    expect(counted).toEqual({ writes: 1, chunks: 3 });
  });

  it('still fail one by one: a wrong command does not fail the others written with it', async () => {
    const client = await connected();
    const key = (name: string) => `${fixture.prefix}:${name}`;
    await fixture.redis.set(key('text'), 'x');
    const counted = countSocketWrites(client);

    const replies = await Promise.allSettled([
      client.get(key('text')),
      client.hget(key('text'), 'field'),
      client.exists(key('text')),
    ]);

    expect(replies.map((reply) => reply.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(replies[1]).toMatchObject({ reason: { message: expect.stringContaining('WRONGTYPE') } });
    expect(counted.writes).toBe(1);
  });

  it('leave in one write when sent from separate callbacks of one event-loop turn', async () => {
    // As a worker's concurrent jobs (or requests a web process reads in one poll) each send their
    // commands from a callback of their own within one turn of the event loop.
    const client = await connected();
    const key = (name: string) => `${fixture.prefix}:${name}`;
    await fixture.redis.mset(key('a'), '1', key('b'), '2');
    const counted = countSocketWrites(client);

    const replies = await new Promise<Promise<string | null>[]>((resolve) => {
      const sent: Promise<string | null>[] = [];
      setImmediate(() => sent.push(client.get(key('a'))));
      setImmediate(() => resolve([...sent, client.get(key('b'))]));
    });

    expect(await Promise.all(replies)).toEqual(['1', '2']);
    expect(counted).toEqual({ writes: 1, chunks: 2 });
  });

  it('writes commands of later turns in writes of their own', async () => {
    const client = await connected();
    const counted = countSocketWrites(client);

    await client.ping();
    await client.ping();

    expect(counted).toEqual({ writes: 2, chunks: 2 });
  });

  it('are coalesced on every node of a Redis Cluster too (BullMQ duplicates these options)', async () => {
    const cluster = createCluster(TEST_REDIS_URL, { maxRetriesPerRequest: null }, { lazyConnect: true });
    const duplicate = cluster.duplicate();

    expect(cluster.options.redisOptions?.Connector).toBe(CoalescingConnector);
    expect(duplicate.options.redisOptions?.Connector).toBe(CoalescingConnector);
    cluster.disconnect();
    duplicate.disconnect();
  });
});
