// The ack benchmark's child processes: started with a clean environment (optionally SCHED_IDLE), stopped,
// and read from /proc for their CPU time and RSS (scripts/bench-acks.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Sample } from './bench-acks-load.ts';

export interface Child {
  process: ChildProcess;
  firstLine: Promise<string>;
  /** Every line the child prints, the first included. */
  lines: Interface;
  exited: Promise<void>;
  stderrTail: () => string;
}

/**
 * How a child is scheduled: `normal` (the default policy), or `idle` (Linux SCHED_IDLE through
 * util-linux `chrt --idle 0`: it runs only on CPU time no normal process wants).
 */
export type Scheduling = 'normal' | 'idle';

export function startChild(
  args: string[],
  env: Record<string, string> = {},
  scheduling: Scheduling = 'normal',
): Child {
  // `chrt` execs node in the same process, so the pid (CPU, RSS) is node's.
  const [command, argv] =
    scheduling === 'idle' ? ['chrt', ['--idle', '0', process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000)));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${tail}`)));
  });
  // Only the helpers print a first line; bullpen's processes never do, and exit without one.
  firstLine.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { process: child, firstLine, lines, exited, stderrTail: () => tail };
}

export async function stopChild(child: Child, signal: 'stdin' | 'SIGTERM'): Promise<void> {
  if (child.process.exitCode !== null) return;
  if (signal === 'stdin') child.process.stdin?.end();
  else child.process.kill('SIGTERM');
  await child.exited;
}

/** CPU time (user + system) a process has used so far, in ms; -1 when it cannot be read. */
export function cpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return -1;
  }
}

export function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return -1;
  }
}

/** The load generator's process (scripts/bench-acks-loader.ts): sends one block at a time. */
export interface LoadGenerator {
  send: (block: {
    target: { url: string; sinkUrl: string };
    rate: number;
    count: number;
    offset: number;
  }) => Promise<Sample[]>;
  stop: () => Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const loader = fileURLToPath(new URL('./bench-acks-loader.ts', import.meta.url));
  // Node 22.18+/23.6+ strip the types themselves, without tsx's source maps (as bin/bullpen.mjs does).
  const args = process.features.typescript ? [loader] : ['--import', 'tsx', loader];
  const kinds = process.env.BENCH_ACKS_KINDS;
  const child = startChild(args, kinds ? { BENCH_ACKS_KINDS: kinds } : {});
  await child.firstLine;
  const waiting: ((line: string) => void)[] = [];
  child.lines.on('line', (line) => waiting.shift()?.(line));
  return {
    send: async (block) => {
      const answer = new Promise<string>((resolve) => waiting.push(resolve));
      child.process.stdin?.write(`${JSON.stringify(block)}\n`);
      const ended = child.exited.then(() => {
        throw new Error(`the load generator exited: ${child.stderrTail()}`);
      });
      return JSON.parse(await Promise.race([answer, ended])) as Sample[];
    },
    stop: () => stopChild(child, 'stdin'),
  };
}
