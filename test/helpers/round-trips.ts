import type { Redis } from 'ioredis';

/**
 * Counts the network round trips a client makes, on ioredis's `sendCommand`: a command sent on its
 * own is one; the commands of one pipeline or MULTI (ioredis hands each to `sendCommand` with the
 * pipeline's shared write stream, flushed in one write) are one together. No timing involved.
 */
export function countRoundTrips(redis: Redis): { readonly count: number; readonly commands: number } {
  const pipelines = new WeakSet<object>();
  const counter = { count: 0, commands: 0 };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    const stream = args[1] as { isPipeline?: boolean } | undefined;
    counter.commands += 1;
    if (stream?.isPipeline) {
      if (!pipelines.has(stream)) counter.count += 1;
      pipelines.add(stream);
    } else {
      counter.count += 1;
    }
    return send(...args);
  }) as Redis['sendCommand'];
  return counter;
}
