// The ack benchmark's load generator, in a process of its own (scripts/bench-acks-measure.ts): a
// pause of the process that times the requests counts as ack latency of every request in flight,
// so it holds nothing but the load, not the benchmark harness's modules and results, and runs
// without tsx's source-mapped stack traces (undici makes an Error for every connection it closes).
// Prints "ready"; then for each JSON line {target, rate, count, offset} on stdin, sends that block
// open loop and prints its samples as one JSON line. Exits when stdin closes.
import { createInterface } from 'node:readline';
import { openLoop } from './bench-acks-load.ts';

interface BlockRequest {
  target: { url: string; sinkUrl: string };
  rate: number;
  count: number;
  offset: number;
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const { target, rate, count, offset } = JSON.parse(line) as BlockRequest;
  const samples = await openLoop(target, rate, count, offset);
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}
